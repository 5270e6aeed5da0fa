// The checks of param_overrides.hpp.
#include "engine/runtime/param_overrides.hpp"

#include <algorithm>
#include <string_view>

#include "engine/error.hpp"
#include "engine/model/json_kind.hpp"
#include "engine/model/json_text.hpp"
#include "engine/runtime/retention_rules.hpp"

namespace amtsweg {
namespace json = boost::json;

void check_param_overrides(const ProcessDefinition& definition, const json::object& overrides) {
  for (const auto& entry : overrides) {
    const std::string name(entry.key());
    const auto param = std::find_if(definition.params.begin(), definition.params.end(),
                                    [&](const ParamDef& p) { return p.name == name; });
    if (param == definition.params.end() && name == kRetentionParam) {
      check_retention_override(definition, entry.value());
      continue;
    }
    if (param == definition.params.end())
      throw Error(ErrorKind::InvalidArgument, "process '" + definition.id + "' has no param '" + name + "'",
                  json::object{{"field", name}});
    const std::string_view expected = json_kind_name(param->default_value);
    if (param->default_value.is_null() || json_kind_name(entry.value()) == expected) continue;
    throw Error(ErrorKind::InvalidArgument,
                name + ": must be " + std::string(expected) + " like its default " + json_text(param->default_value) +
                    ", not " + json_text(entry.value()),
                json::object{{"field", name}});
  }
}

}  // namespace amtsweg
