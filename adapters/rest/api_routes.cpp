// Assembles the API router and implements what every handler shares: who the caller is, whether
// the caller may do this, and how a JSON body goes out.
#include "adapters/rest/api_routes.hpp"

#include <algorithm>
#include <boost/json/object.hpp>

#include "adapters/rest/api_error.hpp"
#include "engine/model/json_text.hpp"

namespace amtsweg::rest {

namespace {

// Refuses the request with 429 when `caller` has used up its requests; nothing has happened yet.
void check_rate_limit(RateLimiter& limiter, const Principal& caller) {
  const auto wait = limiter.acquire(caller.tenant + '\n' + caller.name);
  if (!wait) return;
  const auto seconds = std::max<std::int64_t>(1, (wait->count() + 999) / 1000);  // whole seconds, rounded up
  throw HttpError(429, "too_many_requests",
                  "too many requests from this principal; retry after " + std::to_string(seconds) + " s",
                  boost::json::object{{"retry_after_seconds", seconds},
                                      {"limit_per_second", limiter.limit().per_second},
                                      {"burst", limiter.limit().burst}})
      .with_header("Retry-After", std::to_string(seconds));
}

}  // namespace

Principal ApiContext::principal(const Request& request) const {
  const std::string authorization = request.header("Authorization");
  constexpr std::string_view scheme = "Bearer ";
  if (authorization.empty())
    throw HttpError(401, "unauthorized", "an Authorization: Bearer <token> header is required");
  // The scheme name is case-insensitive (RFC 9110 11.1).
  const bool bearer = authorization.size() > scheme.size() &&
                      !CaseInsensitiveLess{}(authorization.substr(0, scheme.size()), scheme) &&
                      !CaseInsensitiveLess{}(scheme, authorization.substr(0, scheme.size()));
  if (!bearer) throw HttpError(401, "unauthorized", "the Authorization header must use the Bearer scheme");
  std::optional<Principal> caller;
  if (authenticate) caller = authenticate(std::string_view(authorization).substr(scheme.size()));
  if (!caller) throw HttpError(401, "unauthorized", "the bearer token is unknown or revoked");
  request.trace.principal = caller->tenant + "/" + caller->name;
  if (rate_limiter) check_rate_limit(*rate_limiter, *caller);
  return *caller;
}

Principal ApiContext::principal_with_role(const Request& request, std::initializer_list<std::string_view> roles) const {
  Principal caller = principal(request);
  std::string names;
  for (std::string_view role : roles) {
    if (caller.has_role(role)) return caller;
    names += (names.empty() ? "" : " or ") + std::string(role);
  }
  throw HttpError(403, "forbidden", "this needs the role " + names);
}

Principal ApiContext::clerk(const Request& request) const {
  Principal caller = principal(request);
  if (caller.has_role("admin") || !caller.clerk_groups().empty()) return caller;
  throw HttpError(403, "forbidden", "this needs a clerk role (clerk:<group>) or admin");
}

const std::string& ApiContext::case_param(const Request& request, const PathParams& params) const {
  const std::string& id = params.at("id");
  request.trace.case_id = id;
  return id;
}

Response json_response(int status, const boost::json::value& body) {
  Response response;
  response.status = status;
  response.body = json_text(body);
  return response;
}

Handler bind_handler(const ApiContext& context, ApiHandler handler) {
  return [context, handler](const Request& request, const PathParams& params) {
    return handler(context, request, params);
  };
}

AsyncHandler bind_handler(const ApiContext& context, AsyncApiHandler handler) {
  return [context, handler](const Request& request, const PathParams& params, Respond respond) {
    handler(context, request, params, std::move(respond));
  };
}

Router make_api_router(const ApiContext& context) {
  Router router;
  add_process_routes(router, context);
  add_case_routes(router, context);
  add_case_file_routes(router, context);
  add_task_routes(router, context);
  add_token_routes(router, context);
  add_openapi_route(router, context);
  add_process_schema_route(router, context);
  add_webhook_routes(router, context);
  add_audit_routes(router, context);
  add_retention_routes(router, context);
  add_migration_routes(router, context);
  add_incident_routes(router, context);
  add_diagram_routes(router, context);
  add_form_routes(router, context);
  add_me_route(router, context);
  add_metrics_routes(router, context);
  add_stats_routes(router, context);
  return router;
}

}  // namespace amtsweg::rest
