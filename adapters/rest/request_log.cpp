// Formats the per-request log line (see request_log.hpp) with Boost.JSON, so paths with quotes or
// control characters cannot break the line apart.
#include "adapters/rest/request_log.hpp"
#include "engine/model/json_text.hpp"

#include <boost/json/object.hpp>

namespace amtsweg::rest {
namespace {

boost::json::value or_null(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

}  // namespace

std::string request_log_line(const Request& request, const Response& response, std::chrono::microseconds duration,
                             Timestamp now) {
  const boost::json::object line{
      {"time", format_timestamp(now)},
      {"method", request.method},
      {"route", or_null(response.route)},
      {"path", request.path()},
      {"principal", or_null(request.trace.principal)},
      {"case_id", or_null(request.trace.case_id)},
      {"status", response.status},
      // Integer microseconds: a double would be printed as 6.94E-1, which nobody reads at a glance.
      {"duration_us", duration.count()}};
  return json_text(line);
}

}  // namespace amtsweg::rest
