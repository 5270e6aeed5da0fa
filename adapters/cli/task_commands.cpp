// Commands of the clerk's inbox: list tasks, claim, unclaim, delegate, complete.
#include <boost/json.hpp>
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "adapters/cli/engine_session.hpp"
#include "adapters/cli/pretty_json.hpp"
#include "engine/error.hpp"
#include "engine/model/record_json.hpp"

namespace amtsweg::cli {

namespace json = boost::json;

int tasks_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "role", "user", "assignee", "status", "process", "case", "overdue", "limit", "after",
                   "json", "now"});
  auto session = EngineSession::open(args);
  TaskQuery query;
  query.tenant = args.required("tenant");
  query.roles = args.all("role");
  query.assignee_or_role_user = args.value_or("user", "");
  query.assignee = args.value_or("assignee", "");
  for (const auto& s : args.all("status")) {
    auto status = task_status_from(s);
    if (!status) throw Error(ErrorKind::InvalidArgument, "--status must be open, claimed, completed or cancelled");
    query.statuses.push_back(*status);
  }
  query.process_id = args.value_or("process", "");
  query.case_id = args.value_or("case", "");
  if (args.has("overdue")) query.overdue_at = session.clock->now();
  query.after_id = args.value_or("after", "");
  query.limit = args.integer("limit", 100, 1, 500);
  const auto tasks = session.engine->tasks(query);
  if (args.has("json")) {
    json::array list;
    for (const auto& t : tasks) list.push_back(to_json(t, session.clock->now()));
    std::cout << pretty_json(list) << "\n";
    return 0;
  }
  for (const auto& t : tasks)
    std::cout << t.id << "  " << to_string(t.status) << "  role " << t.role << "  "
              << (t.assignee.empty() ? "unassigned" : "assignee " + t.assignee) << "  due "
              << (t.due_at ? format_timestamp(*t.due_at) : "-") << "  case " << t.case_id << "  " << t.title
              << (t.four_eyes && t.stage == 2 ? "  (awaiting approval, prepared by " + t.prepared_by + ")" : "")
              << "\n";
  std::cout << tasks.size() << " task" << (tasks.size() == 1 ? "" : "s") << "\n";
  return 0;
}

int task_command(const std::string& operation, const Arguments& args) {
  args.allow_only({"db", "tenant", "task", "user", "to", "data", "now"});
  auto session = EngineSession::open(args);
  const std::string tenant = args.required("tenant"), task = args.required("task"), user = args.required("user");
  TaskRecord result;
  if (operation == "claim") {
    result = session.engine->claim(tenant, task, user);
  } else if (operation == "unclaim") {
    result = session.engine->unclaim(tenant, task, user);
  } else if (operation == "cancel-task") {
    result = session.engine->cancel_task(tenant, task, user);
  } else if (operation == "delegate") {
    result = session.engine->delegate(tenant, task, user, args.required("to"));
  } else {
    const json::value data = parse_json_argument(args.value_or("data", "{}"), "data");
    result = session.engine->complete(tenant, task, user, data);
  }
  std::cout << "task " << result.id << " is " << to_string(result.status)
            << (result.assignee.empty() ? "" : " (" + result.assignee + ")")
            << (result.four_eyes && result.stage == 2 && result.status == TaskStatus::Open
                    ? ", waiting for a second clerk's approval"
                    : "")
            << "\n";
  if (auto view = session.engine->find_case(tenant, result.case_id))
    std::cout << "case " << view->record.id << " is " << to_string(view->record.status) << " in state "
              << view->record.state << "\n";
  return 0;
}

}  // namespace amtsweg::cli
