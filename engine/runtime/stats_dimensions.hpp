// A case's values of the stats dimensions its definition declares (`stats: {dimensions: ...}`),
// refreshed with its correlation keys after every change and kept beside it by the store.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "engine/model/definition.hpp"
#include "engine/model/records.hpp"

namespace amtsweg {

// One entry per dimension whose path holds a value in `data`: text as it is, numbers and booleans
// as JSON text; objects, arrays, null and absent paths give no entry. Each carries the number at
// stats.amount (0 when there is none).
std::vector<CaseDimension> stats_dimensions(const StatsSpec& stats, const boost::json::object& data);

}  // namespace amtsweg
