// The SQL of task listings (the Postkorb and every other task query) with the cursor that pages
// them; the store's reader runs it, tests look at its query plan.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/store/sql/sql_connection.hpp"
#include "engine/store/sql/sql_query_helpers.hpp"
#include "engine/store/store.hpp"

namespace amtsweg {

// Where the next page of a task listing starts: the sort key of the cursor task.
struct TaskSortKey {
  std::optional<Timestamp> due_at;
  Timestamp created_at = 0;
};

// The sort key of `filter.after_id`, nullopt without a cursor. Throws Error{InvalidArgument} when
// the cursor names no task of the tenant.
std::optional<TaskSortKey> task_cursor(SqlConnection& connection, const TaskQuery& filter);

// The query for `filter` from `cursor` on. Open tasks in due order (the Postkorb, its overdue and
// assignee views) read the partial indexes tasks_open* in order, one arm per candidate role and
// one for the caller's own tasks, merged without sorting; other listings filter and sort.
sql_queries::FilteredQuery task_listing_query(const TaskQuery& filter, const std::optional<TaskSortKey>& cursor);

// Sets each listed task's case_summary from its case: one query by primary key for the page's
// cases (a page is at most a few hundred tasks), on the same connection, so in the same snapshot.
void attach_case_summaries(SqlConnection& connection, const std::string& tenant, std::vector<TaskRecord>& tasks);

}  // namespace amtsweg
