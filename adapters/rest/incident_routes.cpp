// Routes of incidents (what holds a case after an asynchronous command failed; admins list and
// retry them) and of the event buffer (events kept until a case waits for them).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <limits>

#include "adapters/rest/api_error.hpp"
#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/json_body.hpp"
#include "adapters/rest/query_params.hpp"
#include "engine/model/incident_json.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

// ?status=open|resolved, ?case=, ?limit=, ?after=<incident id>; oldest first.
Response list_incidents(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  reject_unknown_parameters(request, {"status", "case", "limit", "after"});
  IncidentQuery query;
  query.tenant = caller.tenant;
  if (auto status = request.query("status")) {
    query.status = incident_status_from(*status);
    if (!query.status) throw bad_parameter("status", "must be open or resolved");
  }
  query.case_id = request.query("case").value_or("");
  query.limit = page_size(request);
  query.after_id = request.query("after").value_or("");
  const auto incidents = context.engine.incidents(query);
  json::array list;
  for (const auto& incident : incidents) list.push_back(to_json(incident));
  json::value next = nullptr;
  if (static_cast<int>(incidents.size()) == query.limit) next = json::string(incidents.back().id);
  return json_response(200, json::object{{"incidents", std::move(list)}, {"next", std::move(next)}});
}

Response show_incident(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  const Incident incident = context.engine.incident(caller.tenant, params.at("id"));
  request.trace.case_id = incident.case_id;
  return json_response(200, to_json(incident));
}

// Runs the failed command again; its failure is answered like the command's own (e.g. 422).
Response retry_incident(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  const json::object body = parse_json_object_body(request, true);
  const JsonFields fields(body, {});
  const Incident incident = context.engine.retry_incident(caller.tenant, params.at("id"), caller.name);
  request.trace.case_id = incident.case_id;
  return json_response(200, to_json(incident));
}

// ?status=buffered|delivered|expired, ?type=, ?limit=, ?after=<seq>; in arrival order.
Response list_buffered_events(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = context.principal_with_role(request, {"admin", "integrator"});
  reject_unknown_parameters(request, {"status", "type", "limit", "after"});
  BufferedEventQuery query;
  query.tenant = caller.tenant;
  if (auto status = request.query("status")) {
    query.status = buffered_event_status_from(*status);
    if (!query.status) throw bad_parameter("status", "must be buffered, delivered or expired");
  }
  query.type = request.query("type").value_or("");
  query.limit = page_size(request);
  query.after_seq = int_parameter(request, "after", 0, std::numeric_limits<int>::max()).value_or(0);
  const auto events = context.engine.buffered_events(query);
  json::array list;
  for (const auto& event : events) list.push_back(to_json(event));
  json::value next = nullptr;
  if (static_cast<int>(events.size()) == query.limit) next = json::string(std::to_string(events.back().seq));
  return json_response(200, json::object{{"events", std::move(list)}, {"next", std::move(next)}});
}

}  // namespace

void add_incident_routes(Router& router, const ApiContext& context) {
  auto bind = [&context](ApiHandler handler) { return bind_handler(context, handler); };
  router.add("GET", "/api/v1/incidents", bind(list_incidents));
  router.add("GET", "/api/v1/incidents/{id}", bind(show_incident));
  router.add("POST", "/api/v1/incidents/{id}/retry", bind(retry_incident));
  router.add("GET", "/api/v1/events/buffered", bind(list_buffered_events));
}

}  // namespace amtsweg::rest
