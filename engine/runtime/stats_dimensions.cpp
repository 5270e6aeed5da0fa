// Reading dimension values from case data (see stats_dimensions.hpp).
#include "engine/runtime/stats_dimensions.hpp"

#include <boost/json/serialize.hpp>
#include <string_view>

namespace amtsweg {
namespace {

// The value at a dotted path, nullptr when a step is missing or not an object.
const boost::json::value* at_path(const boost::json::object& data, std::string_view path) {
  const boost::json::object* object = &data;
  for (;;) {
    const auto dot = path.find('.');
    const auto* value = object->if_contains(path.substr(0, dot));
    if (!value || dot == std::string_view::npos) return value;
    object = value->if_object();
    if (!object) return nullptr;
    path.remove_prefix(dot + 1);
  }
}

}  // namespace

std::vector<CaseDimension> stats_dimensions(const StatsSpec& stats, const boost::json::object& data) {
  double amount = 0;
  if (const auto* value = stats.amount.empty() ? nullptr : at_path(data, stats.amount); value && value->is_number())
    amount = value->to_number<double>();
  std::vector<CaseDimension> dimensions;
  for (const auto& dimension : stats.dimensions) {
    const auto* value = at_path(data, dimension.path);
    if (!value || value->is_null() || value->is_object() || value->is_array()) continue;
    const std::string text = value->is_string() ? std::string(value->as_string()) : boost::json::serialize(*value);
    dimensions.push_back({dimension.name, text, amount});
  }
  return dimensions;
}

}  // namespace amtsweg
