// Reads the top-level `retention:` of a definition, e.g. {issued: P1Y, rejected: P3Y, default: P6M}:
// per outcome, how long a closed case keeps its personal data.
#pragma once

#include <set>
#include <string>

#include "engine/dsl/yaml_reader.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// The rules in source order. Findings go to `reader`: not a mapping, a period that is no ISO-8601
// date duration.
std::vector<RetentionRule> read_retention(YamlReader& reader, const MapEntry& entry);

// The outcomes a rule may name: those of the top-level final states (a final state
// without `outcome` ends with its name), "cancelled" (a cancelled
// case) and "default".
std::set<std::string> retention_outcomes(const ProcessDefinition& definition);

// Reports each rule whose outcome no final state has (at the rule's key), with the outcomes there are.
void check_retention_outcomes(YamlReader& reader, const ProcessDefinition& definition);

}  // namespace amtsweg
