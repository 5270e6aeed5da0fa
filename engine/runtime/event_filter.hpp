// Which outbox messages a webhook subscription wants: a list of filters over the message type,
// each an exact type ("case.completed"), a prefix ending in ".*" ("task.*") or "*" for all.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace amtsweg {

// Throws Error{InvalidArgument} with details {"field": "events[i]"} for the first malformed
// filter, or {"field": "events"} when the list is empty.
void check_event_filters(const std::vector<std::string>& filters);

// True when one of `filters` matches `type`; "task.*" matches "task.created" but not "task".
bool event_filters_match(const std::vector<std::string>& filters, std::string_view type);

}  // namespace amtsweg
