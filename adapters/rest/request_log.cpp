// Formats the per-request log line (see request_log.hpp) with Boost.JSON, so paths with quotes or
// control characters cannot break the line apart.
#include "adapters/rest/request_log.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace amtsweg::rest {

std::string request_log_line(const Request& request, const Response& response, std::chrono::microseconds duration,
                             Timestamp now) {
  const boost::json::object line{
      {"time", format_timestamp(now)},
      {"method", request.method},
      {"route", response.route.empty() ? boost::json::value(nullptr) : boost::json::value(response.route)},
      {"path", request.path()},
      {"status", response.status},
      {"duration_ms", static_cast<double>(duration.count()) / 1000.0}};
  return boost::json::serialize(line);
}

}  // namespace amtsweg::rest
