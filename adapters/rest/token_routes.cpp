// Routes of a tenant's API tokens, for its administrators: list (never the token text), issue
// (the token is in the 201 response once and nowhere else), revoke by name.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/json_body.hpp"
#include "engine/error.hpp"
#include "engine/model/record_json.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

Response list_tokens(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  json::array list;
  for (const auto& token : context.engine.tokens(caller.tenant)) list.push_back(to_json(token));
  return json_response(200, json::object{{"tokens", std::move(list)}});
}

// Body {"name": "...", "roles": ["clerk:standesamt", ...]}. Tokens are issued for the caller's
// tenant only; "operator" is the platform's and is issued on the host (`amtsweg token create`).
Response create_token(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  const json::object body = parse_json_object_body(request);
  const JsonFields fields(body, {"name", "roles"});
  const std::string name = fields.required_string("name");
  const json::value roles_value = fields.value_or("roles", nullptr);
  if (!roles_value.is_array() || roles_value.as_array().empty())
    throw Error(ErrorKind::InvalidArgument, "field 'roles' must be a non-empty array of role names",
                json::object{{"field", "roles"}});
  std::vector<std::string> roles;
  for (const auto& role : roles_value.as_array()) {
    if (!role.is_string())
      throw Error(ErrorKind::InvalidArgument, "field 'roles' must hold strings", json::object{{"field", "roles"}});
    roles.emplace_back(role.as_string());
    if (roles.back() == "operator")
      throw Error(ErrorKind::InvalidArgument, "the operator role is issued on the host, not through the API",
                  json::object{{"field", "roles"}});
  }
  const IssuedToken issued = context.engine.issue_token(caller.tenant, name, roles, caller.name);
  json::object out = to_json(issued.record);
  out["token"] = issued.token;
  Response response = json_response(201, out);
  response.headers["Cache-Control"] = "no-store";
  return response;
}

Response revoke_token(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  context.engine.revoke_token(caller.tenant, params.at("name"), caller.name);
  Response response;
  response.status = 204;
  return response;
}

}  // namespace

void add_token_routes(Router& router, const ApiContext& context) {
  auto bind = [&context](ApiHandler handler) { return bind_handler(context, handler); };
  router.add("GET", "/api/v1/tokens", bind(list_tokens));
  router.add("POST", "/api/v1/tokens", bind(create_token));
  router.add("DELETE", "/api/v1/tokens/{name}", bind(revoke_token));
}

}  // namespace amtsweg::rest
