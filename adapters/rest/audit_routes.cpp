// The audit log route: a tenant's administrators read who deployed, changed params, issued or
// revoked tokens, subscribed webhooks or cancelled, suspended and resumed cases, and when.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <limits>

#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/query_params.hpp"
#include "engine/model/audit_json.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

std::optional<Timestamp> time_parameter(const Request& request, const std::string& name) {
  const auto text = request.query(name);
  if (!text) return std::nullopt;
  const auto at = parse_timestamp(*text);
  if (!at) throw bad_parameter(name, "must be an ISO-8601 time, e.g. 2026-03-02T08:00:00Z");
  return at;
}

// ?from= (inclusive), ?to= (exclusive), ?action=, ?limit=, ?after=<seq>; oldest first. Only the
// caller's tenant's entries, whatever the parameters say.
Response list_audit(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  reject_unknown_parameters(request, {"from", "to", "action", "limit", "after"});
  AuditQuery query;
  query.tenant = caller.tenant;
  query.from = time_parameter(request, "from");
  query.to = time_parameter(request, "to");
  query.action = request.query("action").value_or("");
  query.limit = page_size(request);
  query.after_seq = int_parameter(request, "after", 0, std::numeric_limits<int>::max()).value_or(0);
  const auto entries = context.engine.audit_log(query);
  json::array list;
  for (const auto& entry : entries) list.push_back(to_json(entry));
  json::value next = nullptr;
  if (static_cast<int>(entries.size()) == query.limit) next = json::string(std::to_string(entries.back().seq));
  return json_response(200, json::object{{"entries", std::move(list)}, {"next", std::move(next)}});
}

}  // namespace

void add_audit_routes(Router& router, const ApiContext& context) {
  router.add("GET", "/api/v1/audit", bind_handler(context, list_audit));
}

}  // namespace amtsweg::rest
