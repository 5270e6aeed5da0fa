// The checks of param_overrides.hpp.
#include "engine/runtime/param_overrides.hpp"

#include <algorithm>

#include "engine/error.hpp"
#include "engine/model/json_text.hpp"

namespace amtsweg {
namespace {

namespace json = boost::json;

// The kind of value as the error message names it; integers and decimals are one kind.
std::string kind_of(const json::value& value) {
  switch (value.kind()) {
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a text";
    case json::kind::bool_:
      return "yes/no (true or false)";
    case json::kind::array:
      return "a list";
    case json::kind::object:
      return "a mapping";
    case json::kind::null:
      return "null";
  }
  return "a value";
}

}  // namespace

void check_param_overrides(const ProcessDefinition& definition, const json::object& overrides) {
  for (const auto& entry : overrides) {
    const std::string name(entry.key());
    const auto param = std::find_if(definition.params.begin(), definition.params.end(),
                                    [&](const ParamDef& p) { return p.name == name; });
    if (param == definition.params.end())
      throw Error(ErrorKind::InvalidArgument, "process '" + definition.id + "' has no param '" + name + "'",
                  json::object{{"field", name}});
    if (param->default_value.is_null() || kind_of(entry.value()) == kind_of(param->default_value)) continue;
    throw Error(ErrorKind::InvalidArgument,
                name + ": must be " + kind_of(param->default_value) + " like its default " +
                    json_text(param->default_value) + ", not " + json_text(entry.value()),
                json::object{{"field", name}});
  }
}

}  // namespace amtsweg
