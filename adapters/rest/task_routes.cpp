// Routes of the clerk's inbox: GET /tasks (the caller's tasks, filtered, cursor-paged) and the
// task lifecycle POST /tasks/{id}/claim|unclaim|complete|delegate, acting as the caller.
#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>

#include "adapters/rest/api_error.hpp"
#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/etag.hpp"
#include "adapters/rest/json_body.hpp"
#include "adapters/rest/query_params.hpp"
#include "engine/model/record_json.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

std::vector<TaskStatus> parse_states(const std::string& text) {
  std::vector<TaskStatus> states;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string name = text.substr(start, comma - start);
    const auto status = task_status_from(name);
    if (!status) throw bad_parameter("state", "has unknown state '" + name + "' (open, claimed, completed, cancelled)");
    states.push_back(*status);
    start = comma + 1;
  }
  return states;
}

// The task as JSON, its case noted for the request log.
Response task_response(const ApiContext& context, const Request& request, const TaskRecord& task) {
  request.trace.case_id = task.case_id;
  return json_response(200, to_json(task, context.clock.now()));
}

// The caller as a clerk who may see and act on the task: a clerk of its group, its assignee, or
// an admin. Any other task is as unknown as one that does not exist (404).
Principal clerk_of_task(const ApiContext& context, const Request& request, const std::string& task_id,
                        std::optional<TaskRecord>* found = nullptr) {
  const Principal caller = context.clerk(request);
  auto task = context.engine.find_task(caller.tenant, task_id);
  const auto groups = caller.clerk_groups();
  const bool visible = task && (caller.has_role("admin") || task->assignee == caller.name ||
                                std::find(groups.begin(), groups.end(), task->role) != groups.end());
  if (!visible) throw no_such("task", task_id);
  if (found) *found = std::move(task);
  return caller;
}

Response get_task(const ApiContext& context, const Request& request, const PathParams& params) {
  std::optional<TaskRecord> task;
  clerk_of_task(context, request, params.at("id"), &task);
  return task_response(context, request, *task);
}

// The caller's inbox: tasks whose candidate role is one of the caller's clerk groups or that are
// assigned to the caller. An admin sees every task of the tenant.
Response list_tasks(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = context.clerk(request);
  reject_unknown_parameters(request, {"state", "process", "role", "assignee", "unassigned", "q", "overdue",
                                      "due_before", "limit", "after", "sort"});

  TaskQuery query;
  query.tenant = caller.tenant;
  const bool admin = caller.has_role("admin");
  if (!admin) {
    query.roles = caller.clerk_groups();
    query.assignee_or_role_user = caller.name;
  }
  if (auto role = request.query("role")) {
    if (!admin && std::find(query.roles.begin(), query.roles.end(), *role) == query.roles.end())
      throw HttpError(403, "forbidden", "you are not a clerk of group '" + *role + "'");
    query.roles = {*role};
    query.assignee_or_role_user.clear();
  }
  if (auto state = request.query("state")) query.statuses = parse_states(*state);
  if (auto process = request.query("process")) query.process_id = *process;
  if (auto assignee = request.query("assignee")) query.assignee = *assignee;
  if (auto unassigned = request.query("unassigned")) {
    if (*unassigned != "true" && *unassigned != "false") throw bad_parameter("unassigned", "must be true or false");
    query.unassigned = *unassigned == "true";
  }
  if (auto text = request.query("q")) {
    if (text->size() > 200) throw bad_parameter("q", "must be at most 200 characters");
    query.text = *text;
  }
  if (auto overdue = request.query("overdue")) {
    if (*overdue != "true" && *overdue != "false") throw bad_parameter("overdue", "must be true or false");
    (*overdue == "true" ? query.overdue_at : query.not_overdue_at) = context.clock.now();
  }
  if (auto due_before = request.query("due_before")) {
    query.due_before = parse_timestamp(*due_before);
    if (!query.due_before) throw bad_parameter("due_before", "must be an ISO-8601 date or time");
  }
  if (auto sort = request.query("sort")) {
    if (*sort == "due")
      query.sort = TaskSort::DueAt;
    else if (*sort == "created")
      query.sort = TaskSort::CreatedAt;
    else
      throw bad_parameter("sort", "must be due or created");
  }
  query.limit = page_size(request);
  if (auto after = request.query("after")) query.after_id = *after;

  const auto tasks = context.engine.tasks(query);
  json::array list;
  const Timestamp now = context.clock.now();
  for (const auto& task : tasks) {
    // What the inbox shows of the case (its definition's `summary`, e.g. the applicant's name).
    json::object item = to_json(task, now);
    item["case_summary"] = task.case_summary;
    list.push_back(std::move(item));
  }
  // A full page may have a successor; the client passes `next` as `after` to get it.
  json::value next = nullptr;
  if (static_cast<int>(tasks.size()) == query.limit && !tasks.empty()) next = json::string(tasks.back().id);
  return with_etag(request, json_response(200, json::object{{"tasks", std::move(list)}, {"next", std::move(next)}}));
}

Response claim_task(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = clerk_of_task(context, request, params.at("id"));
  const json::object body = parse_json_object_body(request, true);
  const JsonFields fields(body, {});
  return task_response(context, request, context.engine.claim(caller.tenant, params.at("id"), caller.name));
}

Response unclaim_task(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = clerk_of_task(context, request, params.at("id"));
  const json::object body = parse_json_object_body(request, true);
  const JsonFields fields(body, {});
  return task_response(context, request, context.engine.unclaim(caller.tenant, params.at("id"), caller.name));
}

// Body {"data": {...}}: the clerk's form, validated by the engine against the task's form.
// Answered from the engine's completion, as intake is.
void complete_task(const ApiContext& context, const Request& request, const PathParams& params, Respond respond) {
  const Principal caller = clerk_of_task(context, request, params.at("id"));
  const json::object body = parse_json_object_body(request, true);
  const JsonFields fields(body, {"data"});
  json::object data = fields.optional_object("data").value_or(json::object{});
  context.engine.complete_async(
      caller.tenant, params.at("id"), caller.name, std::move(data),
      respond_with<TaskRecord>(request, std::move(respond), [&context, &request](TaskRecord& task) {
        return task_response(context, request, task);
      }));
}

// Body {"to": "<user>"}.
Response delegate_task(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = clerk_of_task(context, request, params.at("id"));
  const json::object body = parse_json_object_body(request);
  const JsonFields fields(body, {"to"});
  return task_response(
      context, request,
      context.engine.delegate(caller.tenant, params.at("id"), caller.name, fields.required_string("to")));
}

}  // namespace

void add_task_routes(Router& router, const ApiContext& context) {
  auto bind = [&context](auto handler) { return bind_handler(context, handler); };
  router.add("GET", "/api/v1/tasks", bind(list_tasks));
  router.add("GET", "/api/v1/tasks/{id}", bind(get_task));
  router.add("POST", "/api/v1/tasks/{id}/claim", bind(claim_task));
  router.add("POST", "/api/v1/tasks/{id}/unclaim", bind(unclaim_task));
  router.add("POST", "/api/v1/tasks/{id}/complete", bind(complete_task));
  router.add("POST", "/api/v1/tasks/{id}/delegate", bind(delegate_task));
}

}  // namespace amtsweg::rest
