// Routes of webhook subscriptions for a tenant's admins and integrators: subscribe (the secret is
// shown once), list, show, delete, a subscription's deliveries (cursor-paged), and redelivery.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "adapters/rest/api_error.hpp"
#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/json_body.hpp"
#include "adapters/rest/query_params.hpp"
#include "engine/model/webhook_json.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

Principal webhook_manager(const ApiContext& context, const Request& request) {
  return context.principal_with_role(request, {"admin", "integrator"});
}

// Body {"url", "events": [...], "secret"?}: 201 with the subscription and its secret.
Response create_webhook(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = webhook_manager(context, request);
  const json::object body = parse_json_object_body(request);
  const JsonFields fields(body, {"url", "events", "secret"});
  NewWebhook webhook;
  webhook.tenant = caller.tenant;
  webhook.url = fields.required_string("url");
  webhook.events = fields.required_string_list("events");
  webhook.secret = fields.optional_string("secret");
  webhook.actor = caller.name;
  const WebhookSubscription created = context.engine.create_webhook(webhook);
  json::object view = to_json(created);
  view["secret"] = created.secret;  // the only time it is shown
  Response response = json_response(201, view);
  response.headers["Location"] = "/api/v1/webhooks/" + created.id;
  return response;
}

Response list_webhooks(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = webhook_manager(context, request);
  reject_unknown_parameters(request, {});
  json::array list;
  for (const auto& subscription : context.engine.webhooks(caller.tenant)) list.push_back(to_json(subscription));
  return json_response(200, json::object{{"webhooks", std::move(list)}});
}

Response show_webhook(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = webhook_manager(context, request);
  return json_response(200, to_json(context.engine.webhook(caller.tenant, params.at("id"))));
}

Response delete_webhook(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = webhook_manager(context, request);
  context.engine.delete_webhook(caller.tenant, params.at("id"), caller.name);
  Response response;
  response.status = 204;
  return response;
}

// ?status=pending|delivered|dead|cancelled, ?limit=, ?after=<delivery id>; ordered by message.
// Also for a deleted subscription, whose pending and dead deliveries were cancelled.
Response list_deliveries(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = webhook_manager(context, request);
  reject_unknown_parameters(request, {"status", "limit", "after"});
  DeliveryQuery query;
  query.tenant = caller.tenant;
  query.subscription_id = params.at("id");
  if (auto status = request.query("status")) {
    query.status = delivery_status_from(*status);
    if (!query.status) throw bad_parameter("status", "must be pending, delivered, dead or cancelled");
  }
  query.limit = page_size(request);
  query.after_id = request.query("after").value_or("");
  const auto deliveries = context.engine.webhook_deliveries(query);
  json::array list;
  for (const auto& delivery : deliveries) list.push_back(to_json(delivery));
  // A full page may have a successor; the client passes `next` as `after` to get it.
  json::value next = nullptr;
  if (static_cast<int>(deliveries.size()) == query.limit && !deliveries.empty())
    next = json::string(deliveries.back().id);
  return json_response(200, json::object{{"deliveries", std::move(list)}, {"next", std::move(next)}});
}

Response redeliver(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = webhook_manager(context, request);
  const json::object body = parse_json_object_body(request, true);
  const JsonFields fields(body, {});
  return json_response(200, to_json(context.engine.redeliver(caller.tenant, params.at("id"))));
}

}  // namespace

void add_webhook_routes(Router& router, const ApiContext& context) {
  auto bind = [&context](ApiHandler handler) { return bind_handler(context, handler); };
  router.add("GET", "/api/v1/webhooks", bind(list_webhooks));
  router.add("POST", "/api/v1/webhooks", bind(create_webhook));
  router.add("GET", "/api/v1/webhooks/{id}", bind(show_webhook));
  router.add("DELETE", "/api/v1/webhooks/{id}", bind(delete_webhook));
  router.add("GET", "/api/v1/webhooks/{id}/deliveries", bind(list_deliveries));
  router.add("POST", "/api/v1/deliveries/{id}/redeliver", bind(redeliver));
}

}  // namespace amtsweg::rest
