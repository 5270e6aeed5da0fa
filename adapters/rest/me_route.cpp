// GET /api/v1/me: who the bearer token belongs to (tenant, name, roles, clerk groups), so a client
// such as the web UI can greet its user, offer the right groups and see whose tasks are whose.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "adapters/rest/api_routes.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

Response get_me(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = context.principal(request);
  json::array roles, groups;
  for (const auto& role : caller.roles) roles.push_back(json::string(role));
  for (const auto& group : caller.clerk_groups()) groups.push_back(json::string(group));
  return json_response(200, json::object{{"tenant", caller.tenant},
                                         {"name", caller.name},
                                         {"roles", std::move(roles)},
                                         {"clerk_groups", std::move(groups)}});
}

}  // namespace

void add_me_route(Router& router, const ApiContext& context) {
  router.add("GET", "/api/v1/me", bind_handler(context, get_me));
}

}  // namespace amtsweg::rest
