// RFC 7386, section 2, on Boost.JSON values.
#include "engine/scenario/json_merge_patch.hpp"

#include <boost/json.hpp>

namespace amtsweg {

namespace json = boost::json;

json::value merge_patch(json::value target, const json::value& patch) {
  if (!patch.is_object()) return patch;
  if (!target.is_object()) target = json::object{};
  json::object& fields = target.as_object();
  for (const auto& [name, value] : patch.as_object()) {
    if (value.is_null()) {
      fields.erase(name);
      continue;
    }
    json::value* existing = fields.if_contains(name);
    fields[name] = merge_patch(existing != nullptr ? *existing : json::value(nullptr), value);
  }
  return target;
}

}  // namespace amtsweg
