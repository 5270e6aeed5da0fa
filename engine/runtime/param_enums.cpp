// Walks each `x-enum-param` field's dotted path ("vehicles[].zone": every element of the list) in
// the data and compares the values found with the param's list.
#include "engine/runtime/param_enums.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/model/json_text.hpp"

namespace amtsweg {

namespace json = boost::json;

namespace {

// Calls `visit(pointer, value)` for each value at the dotted `path` below `node`.
void for_each_at(const json::value& node, std::string_view path, const std::string& pointer,
                 const std::function<void(const std::string&, const json::value&)>& visit) {
  if (path.empty()) {
    visit(pointer, node);
    return;
  }
  const std::size_t dot = path.find('.');
  std::string_view name = path.substr(0, dot);
  const std::string_view rest = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  const bool each = name.ends_with("[]");
  if (each) name.remove_suffix(2);
  const json::object* object = node.if_object();
  const json::value* child = object ? object->if_contains(name) : nullptr;
  if (!child) return;  // an absent field is the form's business (`required`)
  const std::string child_pointer = pointer + "/" + std::string(name);
  if (!each) {
    for_each_at(*child, rest, child_pointer, visit);
    return;
  }
  if (const json::array* items = child->if_array())
    for (std::size_t i = 0; i < items->size(); ++i)
      for_each_at((*items)[i], rest, child_pointer + "/" + std::to_string(i), visit);
}

// The schema of the field at the dotted `path` below `schema` ("vehicles[].zone" is
// properties.vehicles.items.properties.zone), or null when the schema has no such property.
json::object* field_schema(json::value& schema, std::string_view path) {
  json::value* node = &schema;
  while (!path.empty()) {
    const std::size_t dot = path.find('.');
    std::string_view name = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    const bool each = name.ends_with("[]");
    if (each) name.remove_suffix(2);
    json::object* object = node->if_object();
    json::value* properties = object ? object->if_contains("properties") : nullptr;
    node = properties && properties->is_object() ? properties->as_object().if_contains(name) : nullptr;
    if (node && each) node = node->is_object() ? node->as_object().if_contains("items") : nullptr;
    if (!node) return nullptr;
  }
  return node->if_object();
}

}  // namespace

json::value schema_with_param_enums(const FormSchema& form, const json::value& params) {
  json::value schema = form.schema;
  for (const auto& use : form.param_enums) {
    const json::value* allowed = params.is_object() ? params.as_object().if_contains(use.param) : nullptr;
    if (json::object* field = field_schema(schema, use.field); field && allowed && allowed->is_array())
      (*field)["enum"] = *allowed;
  }
  return schema;
}

void check_param_enums(const FormSchema& form, const json::value& data, const json::value& params,
                       std::string_view what) {
  json::array details;
  std::string message = std::string(what) + " is invalid:";
  for (const auto& use : form.param_enums) {
    const json::value* allowed = params.is_object() ? params.as_object().if_contains(use.param) : nullptr;
    const json::array none;
    const json::array& values = allowed && allowed->is_array() ? allowed->as_array() : none;
    for_each_at(data, use.field, "", [&](const std::string& pointer, const json::value& value) {
      if (std::find(values.begin(), values.end(), value) != values.end()) return;
      const std::string text =
          json_text(value) + " is not one of the values of param '" + use.param + "': " + json_text(values);
      details.push_back(json::object{{"field", pointer}, {"message", text}, {"allowed", values}});
      message += " " + pointer + ": " + text + ";";
    });
  }
  if (details.empty()) return;
  message.pop_back();
  throw Error(ErrorKind::RuleViolation, message, std::move(details));
}

void check_param_enum_overrides(const ProcessDefinition& definition, const json::object& overrides) {
  std::vector<const FormSchema*> forms{&definition.form};
  auto collect = [&](const std::vector<StateDef>& states, auto& self) -> void {
    for (const auto& state : states) {
      if (state.task) forms.push_back(&state.task->form);
      for (const auto& region : state.regions) self(region.states, self);
    }
  };
  collect(definition.states, collect);
  for (const FormSchema* form : forms)
    for (const auto& use : form->param_enums)
      if (const auto* value = overrides.if_contains(use.param); value && !value->is_array())
        throw Error(
            ErrorKind::InvalidArgument,
            use.param + ": must be a list of the allowed values of field '" + use.field + "', not " + json_text(*value),
            json::object{{"field", use.param}});
}

}  // namespace amtsweg
