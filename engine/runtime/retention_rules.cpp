// The choice of retention rule and the check of a tenant's override (see retention_rules.hpp).
#include "engine/runtime/retention_rules.hpp"

#include "engine/dsl/retention_reader.hpp"
#include "engine/error.hpp"
#include "engine/model/json_text.hpp"

namespace amtsweg {
namespace json = boost::json;

namespace {

std::optional<RetentionRule> tenant_rule(const json::object& tenant_params, const std::string& key) {
  const auto overrides = tenant_params.find(kRetentionParam);
  if (overrides == tenant_params.end() || !overrides->value().is_object()) return std::nullopt;
  const auto period = overrides->value().as_object().find(key);
  if (period == overrides->value().as_object().end() || !period->value().is_string()) return std::nullopt;
  auto parsed = parse_retention_period(period->value().as_string());
  if (!parsed) return std::nullopt;  // checked when stored; an unreadable one falls back to the definition's
  return RetentionRule{key, std::move(*parsed), {}};
}

std::optional<RetentionRule> definition_rule(const ProcessDefinition& definition, const std::string& key) {
  for (const auto& rule : definition.retention)
    if (rule.outcome == key) return rule;
  return std::nullopt;
}

}  // namespace

std::optional<RetentionRule> retention_rule_for(const ProcessDefinition& definition, const json::object& tenant_params,
                                                const std::string& outcome) {
  for (const std::string& key : {outcome, std::string("default")}) {
    if (auto rule = tenant_rule(tenant_params, key)) return rule;
    if (auto rule = definition_rule(definition, key)) return rule;
  }
  return std::nullopt;
}

void check_retention_override(const ProcessDefinition& definition, const json::value& value) {
  if (!value.is_object())
    throw Error(ErrorKind::InvalidArgument,
                std::string(kRetentionParam) + ": must map outcomes to periods, e.g. {\"issued\": \"P2Y\"}, not " +
                    json_text(value),
                json::object{{"field", kRetentionParam}});
  const auto outcomes = retention_outcomes(definition);
  for (const auto& [key, period] : value.as_object()) {
    const std::string field = std::string(kRetentionParam) + "." + std::string(key);
    if (!outcomes.count(std::string(key))) {
      std::string known;
      for (const auto& outcome : outcomes) known += (known.empty() ? "" : ", ") + outcome;
      throw Error(ErrorKind::InvalidArgument,
                  field + ": process '" + definition.id + "' has no outcome '" + std::string(key) +
                      "' (write one of: " + known + ")",
                  json::object{{"field", field}});
    }
    if (!period.is_string() || !parse_retention_period(period.as_string()))
      throw Error(ErrorKind::InvalidArgument,
                  field + ": must be an ISO-8601 period such as \"P1Y\", \"P6M\" or \"P30D\", not " + json_text(period),
                  json::object{{"field", field}});
  }
}

std::string describe(const RetentionRule& rule) { return rule.outcome + ": " + rule.period.text; }

}  // namespace amtsweg
