// Routes about records: the tenant's deletion protocol (what retention deleted, when, under which
// rule) and a case's file as an archive package (ZIP) for the archive.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <limits>

#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/query_params.hpp"
#include "engine/archive/case_archive.hpp"
#include "engine/model/record_json.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

// ?limit=, ?after=<id>; oldest first; only the caller's tenant's lines.
Response list_deletions(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  reject_unknown_parameters(request, {"limit", "after"});
  const int limit = page_size(request);
  const auto after = int_parameter(request, "after", 0, std::numeric_limits<int>::max()).value_or(0);
  const auto lines = context.engine.deletions(caller.tenant, after, limit);
  json::array list;
  for (const auto& line : lines) list.push_back(to_json(line));
  json::value next = nullptr;
  if (static_cast<int>(lines.size()) == limit) next = json::string(std::to_string(lines.back().id));
  return json_response(200, json::object{{"deletions", std::move(list)}, {"next", std::move(next)}});
}

// The whole file, unredacted: it is for the archive (admins only).
Response export_case_route(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  reject_unknown_parameters(request, {});
  const std::string& case_id = context.case_param(request, params);
  Response response;
  response.content_type = "application/zip";
  response.headers["Content-Disposition"] = "attachment; filename=\"" + case_id + ".zip\"";
  response.body = case_archive(context.engine, caller.tenant, case_id, context.clock.now());
  return response;
}

}  // namespace

void add_retention_routes(Router& router, const ApiContext& context) {
  router.add("GET", "/api/v1/deletions", bind_handler(context, list_deletions));
  router.add("GET", "/api/v1/cases/{id}/export", bind_handler(context, export_case_route));
}

}  // namespace amtsweg::rest
