// Query parameter checks shared by the list routes (see query_params.hpp).
// One place, so every list answers a bad parameter the same way.
#include "adapters/rest/query_params.hpp"

#include <algorithm>
#include <boost/json/object.hpp>

namespace amtsweg::rest {

Error bad_parameter(const std::string& name, const std::string& why) {
  return Error(ErrorKind::InvalidArgument, "query parameter '" + name + "' " + why,
               boost::json::object{{"parameter", name}});
}

void reject_unknown_parameters(const Request& request, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : request.query_parameters())
    if (std::find(known.begin(), known.end(), name) == known.end()) throw bad_parameter(name, "is unknown");
}

int page_size(const Request& request) {
  const auto text = request.query("limit");
  if (!text) return kDefaultPageSize;
  int limit = 0;
  try {
    std::size_t used = 0;
    limit = std::stoi(*text, &used);
    if (used != text->size()) limit = 0;
  } catch (const std::exception&) {
    limit = 0;
  }
  if (limit < 1 || limit > kMaxPageSize)
    throw bad_parameter("limit", "must be an integer from 1 to " + std::to_string(kMaxPageSize));
  return limit;
}

}  // namespace amtsweg::rest
