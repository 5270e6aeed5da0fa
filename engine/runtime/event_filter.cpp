// Event-type filters of webhook subscriptions (see event_filter.hpp).
#include "engine/runtime/event_filter.hpp"

#include <boost/json/object.hpp>

#include "engine/dsl/action_reader.hpp"
#include "engine/error.hpp"

namespace amtsweg {

namespace {

constexpr std::string_view kAnyType = "*";
constexpr std::string_view kPrefixSuffix = ".*";

bool is_prefix_filter(std::string_view filter) {
  return filter.size() > kPrefixSuffix.size() && filter.ends_with(kPrefixSuffix);
}

}  // namespace

void check_event_filters(const std::vector<std::string>& filters) {
  if (filters.empty())
    throw Error(ErrorKind::InvalidArgument,
                "field 'events' needs at least one event type (e.g. \"case.completed\", \"task.*\" or \"*\")",
                boost::json::object{{"field", "events"}});
  for (std::size_t i = 0; i < filters.size(); ++i) {
    const std::string& filter = filters[i];
    const std::string_view type =
        is_prefix_filter(filter) ? std::string_view(filter).substr(0, filter.size() - 2) : std::string_view(filter);
    if (filter == kAnyType || is_event_type(type)) continue;
    const std::string field = "events[" + std::to_string(i) + "]";
    throw Error(ErrorKind::InvalidArgument,
                "field '" + field + "' is not an event type filter: '" + filter +
                    "' (use a type of letters, digits, '.', ':', '-' and '_', a prefix like \"task.*\", or \"*\")",
                boost::json::object{{"field", field}});
  }
}

bool event_filters_match(const std::vector<std::string>& filters, std::string_view type) {
  for (const std::string& filter : filters) {
    if (filter == kAnyType || filter == type) return true;
    // "task.*" keeps its dot as part of the prefix: it matches "task.created", not "tasks.x" or "task".
    if (is_prefix_filter(filter) && type.size() > filter.size() - 1 &&
        type.starts_with(std::string_view(filter).substr(0, filter.size() - 1)))
      return true;
  }
  return false;
}

}  // namespace amtsweg
