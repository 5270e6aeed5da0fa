// Reads `retention:` (see retention_reader.hpp) and checks its outcomes against the final states.
#include "engine/dsl/retention_reader.hpp"

namespace amtsweg {

std::vector<RetentionRule> read_retention(YamlReader& reader, const MapEntry& entry) {
  std::vector<RetentionRule> rules;
  if (!entry.value.IsMap() || entry.value.size() == 0) {
    reader.report(entry.value_pos, "'retention' must map outcomes to periods, e.g. {issued: P1Y, default: P6M}");
    return rules;
  }
  for (const auto& rule_entry : reader.named_entries(entry.value)) {
    const auto text = reader.text(rule_entry, "an ISO-8601 period such as P1Y, P6M or P30D");
    if (!text) continue;
    auto period = parse_retention_period(*text);
    if (!period) {
      reader.report(rule_entry.value_pos, "'" + *text +
                                              "' is not a retention period: write an ISO-8601 date duration "
                                              "in years, months, weeks or days (e.g. P1Y, P6M, P1Y6M, P30D)");
      continue;
    }
    rules.push_back(RetentionRule{rule_entry.key, std::move(*period), rule_entry.key_pos});
  }
  return rules;
}

std::set<std::string> retention_outcomes(const ProcessDefinition& definition) {
  std::set<std::string> outcomes{"cancelled", "default"};
  for (const auto& state : definition.states)
    if (state.final) outcomes.insert(state.outcome.empty() ? state.name : state.outcome);
  return outcomes;
}

void check_retention_outcomes(YamlReader& reader, const ProcessDefinition& definition) {
  const auto outcomes = retention_outcomes(definition);
  for (const auto& rule : definition.retention) {
    if (outcomes.count(rule.outcome)) continue;
    std::string known;
    for (const auto& outcome : outcomes) known += (known.empty() ? "" : ", ") + outcome;
    reader.report(rule.pos,
                  "retention: no final state has outcome '" + rule.outcome + "' (write one of: " + known + ")");
  }
}

}  // namespace amtsweg
