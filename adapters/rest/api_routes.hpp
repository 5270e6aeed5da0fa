// The /api/v1 resources over the Engine facade: building the router, and what every handler
// shares (authentication, role checks, JSON responses). One file per resource group registers them.
#pragma once

#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "adapters/rest/http_message.hpp"
#include "adapters/rest/metrics.hpp"
#include "adapters/rest/principal.hpp"
#include "adapters/rest/rate_limiter.hpp"
#include "adapters/rest/router.hpp"
#include "engine/clock.hpp"
#include "engine/runtime/engine.hpp"

namespace amtsweg::rest {

// What handlers need; everything referenced must outlive the router.
struct ApiContext {
  Engine& engine;
  const Clock& clock;
  Authenticator authenticate;
  // The request figures GET /metrics shows; the server feeds them when given this registry as
  // ServerOptions::observer. Shared by every copy of the context.
  std::shared_ptr<Metrics> metrics = std::make_shared<Metrics>();
  // Requests per principal; null: no limit.
  std::shared_ptr<RateLimiter> rate_limiter = nullptr;
  // Which of several engine nodes on one database answers (/health reports it; with serve
  // --node, every /metrics sample carries it as the label node), and which store it runs on.
  std::string node;
  bool label_metrics_with_node = false;
  std::string store_kind = "sqlite";  // or "postgresql"

  // The caller of `request`. Throws HttpError 401 without a known bearer token, and 429 (with
  // Retry-After) when the caller exceeds the rate limit.
  Principal principal(const Request& request) const;
  // As principal(), and throws HttpError 403 unless the caller has one of `roles`.
  Principal principal_with_role(const Request& request, std::initializer_list<std::string_view> roles) const;
  // As principal(), and throws HttpError 403 unless the caller is a clerk of some group or an admin.
  Principal clerk(const Request& request) const;
  // The {id} of a /cases/{id} route, noted in the request's trace for the request log.
  const std::string& case_param(const Request& request, const PathParams& params) const;
};

// A handler that gets the shared context; bind_handler() makes it a router Handler.
using ApiHandler = Response (*)(const ApiContext&, const Request&, const PathParams&);
Handler bind_handler(const ApiContext& context, ApiHandler handler);
// The same answering through `respond` (the engine commands that complete asynchronously).
using AsyncApiHandler = void (*)(const ApiContext&, const Request&, const PathParams&, Respond);
AsyncHandler bind_handler(const ApiContext& context, AsyncApiHandler handler);

// An asynchronous engine command's completion that answers `request`: `answer(result)` builds the
// response, and the command's error (or what `answer` throws) becomes the JSON error response.
// Runs on the engine's writer thread, so `answer` should only turn the result into JSON.
template <class Result, class Answer>
Engine::Completion<Result> respond_with(const Request& request, Respond respond, Answer answer) {
  return [&request, respond = std::move(respond), answer = std::move(answer)](Outcome<Result> outcome) {
    Response response;
    try {
      response = answer(outcome.get());
    } catch (...) {
      response = Router::failure_response(request, std::current_exception());
    }
    respond(std::move(response));
  };
}

// A JSON response with `status`.
Response json_response(int status, const boost::json::value& body);

// The whole API (all routes of issue 4 implemented so far). The router keeps a copy of `context`.
Router make_api_router(const ApiContext& context);

// Each registers one resource group on `router`.
void add_case_routes(Router& router, const ApiContext& context);           // intake, cases, events
void add_task_routes(Router& router, const ApiContext& context);           // inbox and task lifecycle
void add_process_routes(Router& router, const ApiContext& context);        // definitions, params, health
void add_token_routes(Router& router, const ApiContext& context);          // a tenant's API tokens
void add_case_file_routes(Router& router, const ApiContext& context);      // documents and notes
void add_openapi_route(Router& router, const ApiContext& context);         // GET /api/v1/openapi.json
void add_process_schema_route(Router& router, const ApiContext& context);  // GET /api/v1/schema/process
void add_webhook_routes(Router& router, const ApiContext& context);        // webhooks and their deliveries
void add_diagram_routes(Router& router, const ApiContext& context);
void add_incident_routes(
    Router& router, const ApiContext& context);  // incidents and the event buffer  // a definition's state graph as SVG
void add_metrics_routes(Router& router, const ApiContext& context);    // GET /metrics
void add_me_route(Router& router, const ApiContext& context);          // GET /api/v1/me: the caller
void add_form_routes(Router& router, const ApiContext& context);       // a process's forms and states, for UIs
void add_audit_routes(Router& router, const ApiContext& context);      // GET /api/v1/audit
void add_retention_routes(Router& router, const ApiContext& context);  // deletion protocol, case export
void add_stats_routes(Router& router, const ApiContext& context);      // GET /api/v1/stats: the dashboard's figures
void add_migration_routes(Router& router, const ApiContext& context);  // running cases to another version

}  // namespace amtsweg::rest
