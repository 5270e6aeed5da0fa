// Which retention rule applies to a closed case: the definition's `retention:` with a
// municipality's overrides (its params' "retention" mapping, e.g. {"issued": "P2Y"}).
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "engine/model/definition.hpp"

namespace amtsweg {

// The name of the params entry that overrides retention periods.
inline constexpr const char* kRetentionParam = "retention";

// The rule for a case closed with `outcome`: the tenant's period for that outcome, else the
// definition's, else the tenant's "default", else the definition's; nullopt when none applies
// (the case keeps its personal data). The rule's outcome is the key that matched ("default" too).
std::optional<RetentionRule> retention_rule_for(const ProcessDefinition& definition,
                                                const boost::json::object& tenant_params, const std::string& outcome);

// Throws Error{InvalidArgument} (details {"field": "retention.KEY"}) unless `value` maps outcomes
// the definition's retention may name to ISO-8601 periods.
void check_retention_override(const ProcessDefinition& definition, const boost::json::value& value);

// "issued: P1Y" for messages and the deletion protocol.
std::string describe(const RetentionRule& rule);

}  // namespace amtsweg
