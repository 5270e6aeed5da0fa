// Routes of process definitions and the server itself: GET/POST /processes (list; deploy YAML
// with the validator's positioned errors as 422 details), one process, its versions and params,
// and GET /health.
#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cctype>

#include "adapters/rest/api_error.hpp"
#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/json_body.hpp"
#include "adapters/rest/query_params.hpp"
#include "engine/model/record_json.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

bool is_yaml_media_type(std::string content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  std::transform(content_type.begin(), content_type.end(), content_type.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  while (!content_type.empty() && content_type.back() == ' ') content_type.pop_back();
  return content_type == "application/yaml" || content_type == "application/x-yaml" || content_type == "text/yaml" ||
         content_type == "text/x-yaml" || content_type == "text/plain";
}

Response list_processes(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = context.principal(request);
  json::array list;
  for (const auto& definition : context.engine.definitions(caller.tenant)) list.push_back(to_json(definition));
  return json_response(200, json::object{{"processes", std::move(list)}});
}

// One process: every deployed version and the caller's tenant's live case counts per state.
Response get_process(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal(request);
  const std::string& id = params.at("id");
  json::array versions;
  std::string title;
  for (const auto& definition : context.engine.definitions(caller.tenant)) {
    if (definition.process_id != id) continue;
    title = definition.title;
    versions.push_back(to_json(definition));
  }
  if (versions.empty()) throw no_such("process", id);
  json::array counts;
  for (const auto& count : context.engine.state_counts(caller.tenant, id))
    counts.push_back(json::object{{"state", count.state}, {"status", count.status}, {"count", count.count}});
  return json_response(
      200, json::object{
               {"process", id}, {"title", title}, {"versions", std::move(versions)}, {"counts", std::move(counts)}});
}

// Where a deployment goes: an operator deploys shared definitions (every tenant, EfA), an admin
// its tenant's own; ?scope=shared|tenant chooses for a caller with both roles.
std::string deployment_owner(const Principal& caller, const Request& request) {
  const std::string scope = request.query("scope").value_or(caller.has_role("operator") ? "shared" : "tenant");
  if (scope == "shared") {
    if (!caller.has_role("operator"))
      throw HttpError(403, "forbidden", "only the platform operator deploys shared definitions");
    return "";
  }
  if (scope != "tenant") throw bad_parameter("scope", "must be shared or tenant");
  if (!caller.has_role("admin")) throw HttpError(403, "forbidden", "deploying a tenant's own definition needs admin");
  return caller.tenant;
}

// The body is the YAML text; ?name= names it in diagnostics (default "upload.yaml").
Response deploy_process(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = context.principal_with_role(request, {"admin", "operator"});
  reject_unknown_parameters(request, {"name", "scope"});
  const std::string owner = deployment_owner(caller, request);
  const std::string content_type = request.header("Content-Type");
  if (!is_yaml_media_type(content_type))
    throw HttpError(415, "unsupported_media_type",
                    "a definition is sent as YAML (Content-Type: application/yaml), not " +
                        (content_type.empty() ? std::string("an untyped body") : content_type));
  if (request.body.empty())
    throw Error(ErrorKind::InvalidArgument, "the request body is empty; a YAML definition is required");
  const std::string name = request.query("name").value_or("upload.yaml");
  const DeployResult result = context.engine.deploy(request.body, name, caller.name, owner, caller.tenant);
  json::object body{{"process_id", result.process_id}, {"version", result.version}, {"created", result.created}};
  Response response = json_response(result.created ? 201 : 200, body);
  response.headers["Location"] = "/api/v1/processes/" + result.process_id;
  return response;
}

// One version's YAML source as deployed.
Response get_version(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal(request);
  int version = 0;
  try {
    version = std::stoi(params.at("version"));
  } catch (const std::exception&) {
  }
  if (version <= 0)
    throw Error(ErrorKind::InvalidArgument,
                "the version in the path must be a positive number, not '" + params.at("version") + "'");
  for (const auto& definition : context.engine.definitions(caller.tenant)) {
    if (definition.process_id != params.at("id") || definition.version != version) continue;
    Response response;
    response.content_type = "application/yaml; charset=utf-8";
    response.body = definition.source;
    response.headers["ETag"] = "\"" + definition.sha256 + "\"";
    return response;
  }
  throw Error(ErrorKind::NotFound, "process '" + params.at("id") + "' has no version " + std::to_string(version));
}

// The caller's tenant's params of a process: the overrides it set and what its cases get.
Response get_params(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  const std::string& id = params.at("id");
  return json_response(200, json::object{{"process", id},
                                         {"overrides", context.engine.tenant_params(caller.tenant, id)},
                                         {"effective", context.engine.effective_params(caller.tenant, id)}});
}

// Body {"overrides": {...}}: replaces the tenant's overrides (declared params only).
Response put_params(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  const json::object body = parse_json_object_body(request);
  const JsonFields fields(body, {"overrides"});
  context.engine.set_tenant_params(caller.tenant, params.at("id"), fields.required_object("overrides"), caller.name);
  return get_params(context, request, params);
}

// Liveness and readiness: the process answers, the database answers a read, and the writer
// takes writes (it refuses them for good after a commit failed for I/O: then restart the server).
// The node and the kind of store say which server of several answered.
Response health(const ApiContext& context, const Request&, const PathParams&) {
  const auto answer = [&](int status, std::string_view overall, std::string_view database) {
    return json_response(
        status,
        json::object{
            {"status", overall}, {"database", database}, {"store", context.store_kind}, {"node", context.node}});
  };
  try {
    context.engine.definitions();
  } catch (const std::exception&) {
    return answer(503, "unavailable", "unreachable");
  }
  if (!context.engine.writer_stats().refusing_writes.empty()) return answer(503, "unavailable", "refusing_writes");
  return answer(200, "ok", "reachable");
}

}  // namespace

void add_process_routes(Router& router, const ApiContext& context) {
  auto bind = [&context](ApiHandler handler) { return bind_handler(context, handler); };
  router.add("GET", "/api/v1/health", bind(health));
  router.add("GET", "/api/v1/processes", bind(list_processes));
  router.add("POST", "/api/v1/processes", bind(deploy_process));
  router.add("GET", "/api/v1/processes/{id}", bind(get_process));
  router.add("GET", "/api/v1/processes/{id}/versions/{version}", bind(get_version));
  router.add("GET", "/api/v1/processes/{id}/params", bind(get_params));
  router.add("PUT", "/api/v1/processes/{id}/params", bind(put_params));
}

}  // namespace amtsweg::rest
