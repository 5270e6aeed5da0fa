// Dotted-path access and the top-level diff of case data.
#include "engine/runtime/data_paths.hpp"

#include <boost/json.hpp>

namespace amtsweg {

namespace json = boost::json;

void set_data_path(json::object& data, std::string_view dotted_path, json::value value) {
  json::object* node = &data;
  for (;;) {
    const auto dot = dotted_path.find('.');
    if (dot == std::string_view::npos) {
      (*node)[dotted_path] = std::move(value);
      return;
    }
    json::value& child = (*node)[dotted_path.substr(0, dot)];
    if (!child.is_object()) child = json::object{};
    node = &child.as_object();
    dotted_path.remove_prefix(dot + 1);
  }
}

json::object diff_data(const json::object& before, const json::object& after) {
  json::object changes;
  for (const auto& [key, old_value] : before) {
    const auto it = after.find(key);
    const json::value new_value = it == after.end() ? json::value(nullptr) : it->value();
    if (old_value != new_value) changes[key] = json::array{old_value, new_value};
  }
  for (const auto& [key, new_value] : after)
    if (!before.contains(key)) changes[key] = json::array{nullptr, new_value};
  return changes;
}

}  // namespace amtsweg
