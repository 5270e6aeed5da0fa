// Routes of cases and events: intake (POST /processes/{id}/cases), the case view, its history,
// cancel/suspend/resume, and integrator events (POST /events).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "adapters/rest/api_error.hpp"
#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/json_body.hpp"
#include "adapters/rest/query_params.hpp"
#include "engine/model/record_json.hpp"
#include "engine/runtime/case_view_json.hpp"
#include "engine/runtime/redaction.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

// Intake: the body is the application itself, validated by the engine against the process's form.
// Answered from the engine's completion: no thread waits for the commit.
void start_case(const ApiContext& context, const Request& request, const PathParams& params, Respond respond) {
  const Principal caller = context.principal_with_role(request, {"integrator", "admin"});
  StartRequest start;
  start.tenant = caller.tenant;
  start.process_id = params.at("id");
  start.data = parse_json_object_body(request);
  start.idempotency_key = request.header("Idempotency-Key");
  start.actor = caller.name;
  context.engine.start_async(std::move(start),
                             respond_with<StartResult>(request, std::move(respond), [&request](StartResult& result) {
                               request.trace.case_id = result.record.id;
                               Response response = json_response(result.created ? 201 : 200, to_json(result.record));
                               response.headers["Location"] = "/api/v1/cases/" + result.record.id;
                               return response;
                             }));
}

// Search the tenant's cases of a process: ?state=, ?status=, cursor paging by case id.
Response search_cases(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal_with_role(request, {"admin", "integrator"});
  reject_unknown_parameters(request, {"state", "status", "limit", "after"});
  // Error{NotFound} for an unknown process and, alike, for another tenant's own one.
  context.engine.process_for(caller.tenant, params.at("id"));
  CaseQuery query;
  query.tenant = caller.tenant;
  query.process_id = params.at("id");
  query.state = request.query("state").value_or("");
  if (auto status = request.query("status")) {
    query.status = case_status_from(*status);
    if (!query.status) throw bad_parameter("status", "must be active, suspended, completed or cancelled");
  }
  query.limit = page_size(request);
  query.after_id = request.query("after").value_or("");
  const auto cases = context.engine.cases(query);
  json::array list;
  for (const auto& record : cases) list.push_back(to_json(record));
  json::value next = nullptr;
  if (static_cast<int>(cases.size()) == query.limit && !cases.empty()) next = json::string(cases.back().id);
  return json_response(200, json::object{{"cases", std::move(list)}, {"next", std::move(next)}});
}

Response get_case(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal(request);
  reject_unknown_parameters(request, {"redact"});
  const bool redact = redaction_asked(request);
  const std::string& case_id = context.case_param(request, params);
  auto view = context.engine.find_case(caller.tenant, case_id);
  if (!view) throw no_such("case", case_id);
  if (redact) redact_personal(*view, *context.engine.process(view->record.process_id, view->record.process_version));
  json::object body = to_json(*view, context.clock.now());
  if (redact) body["redacted"] = "personal";
  return json_response(200, body);
}

Response get_history(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal(request);
  reject_unknown_parameters(request, {"redact"});
  const bool redact = redaction_asked(request);
  // history() of an unknown case is empty; a missing case must still be a 404.
  const std::string& case_id = context.case_param(request, params);
  const auto view = context.engine.find_case(caller.tenant, case_id);
  if (!view) throw no_such("case", case_id);
  auto history = context.engine.history(caller.tenant, case_id);
  if (redact) redact_personal(history, *context.engine.process(view->record.process_id, view->record.process_version));
  json::array entries;
  for (const auto& entry : history) entries.push_back(to_json(entry));
  json::object body{{"case_id", case_id}, {"history", std::move(entries)}};
  if (redact) body["redacted"] = "personal";
  return json_response(200, body);
}

Response cancel_case(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal_with_role(request, {"admin", "integrator"});
  const json::object body = parse_json_object_body(request, true);
  const JsonFields fields(body, {"reason"});
  const CaseRecord record = context.engine.cancel_case(caller.tenant, context.case_param(request, params), caller.name,
                                                       fields.optional_string("reason").value_or(""));
  return json_response(200, to_json(record));
}

Response suspend_case(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  const json::object body = parse_json_object_body(request, true);
  const JsonFields fields(body, {});
  return json_response(
      200, to_json(context.engine.suspend_case(caller.tenant, context.case_param(request, params), caller.name)));
}

Response resume_case(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  const json::object body = parse_json_object_body(request, true);
  const JsonFields fields(body, {});
  return json_response(
      200, to_json(context.engine.resume_case(caller.tenant, context.case_param(request, params), caller.name)));
}

// An event is idempotent by its id: the engine returns the first result with "duplicate": true.
// Answered from the engine's completion, as intake is.
void post_event(const ApiContext& context, const Request& request, const PathParams&, Respond respond) {
  const Principal caller = context.principal_with_role(request, {"integrator", "admin"});
  const json::object body = parse_json_object_body(request);
  const JsonFields fields(body, {"id", "type", "correlation", "payload"});
  EventRequest event;
  event.tenant = caller.tenant;
  event.id = fields.required_string("id");
  event.type = fields.required_string("type");
  event.correlation = fields.required_object("correlation");
  event.payload = fields.value_or("payload", json::object{});
  event.actor = caller.name;
  context.engine.deliver_async(std::move(event),
                               respond_with<DeliveryResult>(request, std::move(respond), [](DeliveryResult& result) {
                                 // Kept for a case that does not wait for it yet: accepted, not yet processed.
                                 return json_response(result.contains("buffered") ? 202 : 200, result);
                               }));
}

}  // namespace

void add_case_routes(Router& router, const ApiContext& context) {
  auto bind = [&context](auto handler) { return bind_handler(context, handler); };
  router.add("POST", "/api/v1/processes/{id}/cases", bind(start_case));
  router.add("GET", "/api/v1/processes/{id}/cases", bind(search_cases));
  router.add("GET", "/api/v1/cases/{id}", bind(get_case));
  router.add("GET", "/api/v1/cases/{id}/history", bind(get_history));
  router.add("POST", "/api/v1/cases/{id}/cancel", bind(cancel_case));
  router.add("POST", "/api/v1/cases/{id}/suspend", bind(suspend_case));
  router.add("POST", "/api/v1/cases/{id}/resume", bind(resume_case));
  router.add("POST", "/api/v1/events", bind(post_event));
}

}  // namespace amtsweg::rest
