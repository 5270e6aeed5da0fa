// Reads the top-level `stats:` of a definition: the dimensions the statistics API counts cases by
// (data paths), the amount summed per dimension value and the outcomes that are no drop-off.
#pragma once

#include "engine/dsl/yaml_reader.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// E.g. {success: [completed], amount: data.payment.amount,
//       dimensions: {payment_method: data.payment.method}}. Findings go to `reader`; whether the
// success outcomes are outcomes of final states is the validator's check.
StatsSpec read_stats(YamlReader& reader, const MapEntry& entry);

}  // namespace amtsweg
