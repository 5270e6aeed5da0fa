// Query parameter checks shared by the list routes (see query_params.hpp).
// One place, so every list answers a bad parameter the same way.
#include "adapters/rest/query_params.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <charconv>

namespace amtsweg::rest {

Error bad_parameter(const std::string& name, const std::string& why) {
  return Error(ErrorKind::InvalidArgument, "query parameter '" + name + "' " + why,
               boost::json::object{{"parameter", name}});
}

void reject_unknown_parameters(const Request& request, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : request.query_parameters())
    if (std::find(known.begin(), known.end(), name) == known.end()) throw bad_parameter(name, "is unknown");
}

std::optional<int> int_parameter(const Request& request, const std::string& name, int min, int max) {
  const auto text = request.query(name);
  if (!text) return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < min || value > max)
    throw bad_parameter(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return value;
}

int page_size(const Request& request) {
  return int_parameter(request, "limit", 1, kMaxPageSize).value_or(kDefaultPageSize);
}

bool redaction_asked(const Request& request) {
  const auto redact = request.query("redact");
  if (redact && *redact != "personal") throw bad_parameter("redact", "must be personal");
  return redact.has_value();
}

}  // namespace amtsweg::rest
