// How the SQLite store lists tasks: the Postkorb (open tasks in due order) as ordered reads of the
// partial indexes of schema step 10, merged; every other listing as one filtered query.
#include "engine/store/sql/sql_task_query.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <limits>
#include <map>

#include "engine/error.hpp"
#include "engine/store/sql/sql_rows.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

using sql_queries::FilteredQuery;
using sql_queries::first_row;
using sql_queries::select_from;
using sql_rows::kTaskColumns;

namespace {

std::vector<std::string> status_names(const std::vector<TaskStatus>& statuses) {
  std::vector<std::string> names;
  for (auto status : statuses) names.emplace_back(to_string(status));
  if (names.empty()) names = {"open", "claimed"};
  return names;
}

// `text` for a LIKE pattern with ESCAPE (a backslash): its own %, _ and backslash match only themselves.
std::string like_escaped(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

// The filters every listing shares beside status, role and due date: the exact assignee, nobody's
// tasks, a text in the title, the case id or the case's summary, the process and the case.
void add_common_filters(FilteredQuery& query, const TaskQuery& filter) {
  if (!filter.assignee.empty()) query.sql(" AND assignee = ?").parameter(filter.assignee);
  if (filter.unassigned) query.sql(" AND assignee = ''");
  if (!filter.text.empty()) {
    const std::string pattern = "%" + like_escaped(filter.text) + "%";
    query.sql(" AND (title LIKE ? ESCAPE '\\' OR case_id LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM cases")
        .sql(" WHERE cases.id = tasks.case_id AND cases.summary LIKE ? ESCAPE '\\'))")
        .parameter(pattern)
        .parameter(pattern)
        .parameter(pattern);
  }
  if (!filter.process_id.empty()) query.sql(" AND process_id = ?").parameter(filter.process_id);
  if (!filter.case_id.empty()) query.sql(" AND case_id = ?").parameter(filter.case_id);
}

// The due order of open tasks, without a due date last. The partial indexes of schema step 10
// (tasks_open, tasks_open_by_role, tasks_open_by_assignee) are ordered by exactly this
// expression, and SQLite uses them only for queries that repeat it and their WHERE clause.
constexpr const char* kDueKey = "coalesce(due_at, 9223372036854775807)";
constexpr const char* kOpenOnly = " AND status IN ('open', 'claimed')";
constexpr std::int64_t kNoDueDate = std::numeric_limits<std::int64_t>::max();

// The Postkorb: open tasks in due order, the common listing at any size. Each candidate role and
// the caller's own assignments is an arm that reads one partial index in order from the cursor
// on; SQLite merges the ordered arms (MERGE UNION ALL), so no query sorts the open tasks.
FilteredQuery open_tasks_query(const TaskQuery& filter, const std::optional<TaskSortKey>& cursor) {
  const auto arm = [&](FilteredQuery& query, auto&& condition) {
    query.sql(select_from(kTaskColumns, "")).sql(", ").sql(kDueKey).sql(" AS due_key FROM tasks WHERE tenant = ?");
    query.parameter(filter.tenant).sql(kOpenOnly);
    if (filter.statuses.size() == 1) query.sql(" AND status = ?").parameter(std::string(to_string(filter.statuses[0])));
    condition(query);
    add_common_filters(query, filter);
    // Due limits as ranges of the index's key (a task without a due date has the largest key).
    for (const auto& below : {filter.due_before, filter.overdue_at})
      if (below) query.sql(" AND ").sql(kDueKey).sql(" < ?").parameter(std::int64_t{*below});
    if (filter.not_overdue_at)
      query.sql(" AND ").sql(kDueKey).sql(" >= ?").parameter(std::int64_t{*filter.not_overdue_at});
    if (cursor) {
      // The first term is the index range that starts the scan at the cursor.
      const std::int64_t key = cursor->due_at.value_or(kNoDueDate);
      query.sql(" AND ").sql(kDueKey).sql(" >= ? AND (").sql(kDueKey).sql(" > ? OR id > ?)");
      query.parameter(key).parameter(key).parameter(filter.after_id);
    }
  };
  FilteredQuery query("");
  bool first = true;
  const auto add_arm = [&](auto&& condition) {
    if (!first) query.sql(" UNION ALL ");
    first = false;
    arm(query, condition);
  };
  for (const auto& role : filter.roles) add_arm([&](FilteredQuery& q) { q.sql(" AND role = ?").parameter(role); });
  if (!filter.assignee_or_role_user.empty()) {
    // Assigned to the caller under a role that is not one of the arms above (delegated to her).
    add_arm([&](FilteredQuery& q) {
      q.sql(" AND assignee = ?").parameter(filter.assignee_or_role_user);
      if (!filter.roles.empty()) {
        const boost::json::array roles(filter.roles.begin(), filter.roles.end());
        q.sql(" AND role NOT IN (SELECT value FROM json_each(?))").parameter(boost::json::serialize(roles));
      }
    });
  }
  if (first) add_arm([](FilteredQuery&) {});  // everyone's (an administrator)
  query.sql(" ORDER BY due_key, id LIMIT ?").parameter(std::int64_t{filter.limit});
  return query;
}

bool only_open_tasks(const TaskQuery& filter) {
  return std::all_of(filter.statuses.begin(), filter.statuses.end(),
                     [](TaskStatus status) { return status == TaskStatus::Open || status == TaskStatus::Claimed; });
}

// Any other listing (done tasks, creation order): one query with every filter.
FilteredQuery any_tasks_query(const TaskQuery& filter, const std::optional<TaskSortKey>& cursor) {
  FilteredQuery query(select_from(kTaskColumns, "FROM tasks WHERE tenant = ? AND"));
  query.parameter(filter.tenant);
  query.one_of("status", status_names(filter.statuses));
  const bool by_role = !filter.roles.empty();
  const bool by_user = !filter.assignee_or_role_user.empty();
  if (by_role && by_user) {
    query.sql(" AND (").one_of("role", filter.roles).sql(" OR assignee = ?)").parameter(filter.assignee_or_role_user);
  } else if (by_role) {
    query.sql(" AND").one_of("role", filter.roles);
  } else if (by_user) {
    query.sql(" AND assignee = ?").parameter(filter.assignee_or_role_user);
  }
  add_common_filters(query, filter);
  if (filter.due_before) query.sql(" AND due_at < ?").parameter(std::int64_t{*filter.due_before});
  if (filter.overdue_at) {
    query.sql(" AND due_at < ? AND status IN ('open', 'claimed')").parameter(std::int64_t{*filter.overdue_at});
  }
  if (filter.not_overdue_at) {
    query.sql(" AND (due_at IS NULL OR due_at >= ? OR status NOT IN ('open', 'claimed'))")
        .parameter(std::int64_t{*filter.not_overdue_at});
  }

  if (filter.sort == TaskSort::DueAt) {
    // Tasks without a due date come last: the order is (due_at IS NULL, due_at, id).
    if (cursor && cursor->due_at) {
      query.sql(" AND (due_at IS NULL OR due_at > ? OR (due_at = ? AND id > ?))")
          .parameter(std::int64_t{*cursor->due_at})
          .parameter(std::int64_t{*cursor->due_at})
          .parameter(filter.after_id);
    } else if (cursor) {
      query.sql(" AND due_at IS NULL AND id > ?").parameter(filter.after_id);
    }
    query.sql(" ORDER BY due_at IS NULL, due_at, id");
  } else {
    if (cursor) {
      query.sql(" AND (created_at, id) > (?, ?)")
          .parameter(std::int64_t{cursor->created_at})
          .parameter(filter.after_id);
    }
    query.sql(" ORDER BY created_at, id");
  }
  query.sql(" LIMIT ?").parameter(std::int64_t{filter.limit});
  return query;
}

}  // namespace

std::optional<TaskSortKey> task_cursor(SqlConnection& connection, const TaskQuery& filter) {
  if (filter.after_id.empty()) return std::nullopt;
  auto query = connection.statement("SELECT due_at, created_at FROM tasks WHERE id = ? AND tenant = ?");
  query->bind(1, filter.after_id);
  query->bind(2, filter.tenant);
  auto cursor = first_row(query, [](const SqlStatement& row) {
    TaskSortKey key;
    if (!row.getColumn(0).isNull()) key.due_at = row.getColumn(0).getInt64();
    key.created_at = row.getColumn(1).getInt64();
    return key;
  });
  if (!cursor) {
    throw Error(ErrorKind::InvalidArgument,
                store_message("tasks", filter.tenant, "cursor names no task: " + filter.after_id));
  }
  return cursor;
}

void attach_case_summaries(SqlConnection& connection, const std::string& tenant, std::vector<TaskRecord>& tasks) {
  if (tasks.empty()) return;
  boost::json::array ids;
  for (const auto& task : tasks) ids.emplace_back(task.case_id);
  auto query = connection.statement(
      "SELECT id, summary FROM cases WHERE tenant = ? AND id IN (SELECT value FROM json_each(?)) AND summary <> ''");
  query->bind(1, tenant);
  query->bind(2, boost::json::serialize(ids));
  std::map<std::string, std::string, std::less<>> summaries;
  while (query->executeStep()) summaries[query->getColumn(0).getString()] = query->getColumn(1).getString();
  for (auto& task : tasks)
    if (const auto found = summaries.find(task.case_id); found != summaries.end()) task.case_summary = found->second;
}

FilteredQuery task_listing_query(const TaskQuery& filter, const std::optional<TaskSortKey>& cursor) {
  const bool postkorb = filter.sort == TaskSort::DueAt && only_open_tasks(filter);
  return postkorb ? open_tasks_query(filter, cursor) : any_tasks_query(filter, cursor);
}

}  // namespace amtsweg
