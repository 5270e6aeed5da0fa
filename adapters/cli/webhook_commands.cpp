// `amtsweg webhooks list|add|remove|deliveries|redeliver`: a tenant's webhook subscriptions and
// their deliveries for operators on the host, through the same engine calls as the REST routes.
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "adapters/cli/engine_session.hpp"
#include "adapters/cli/pretty_json.hpp"
#include "engine/error.hpp"
#include "engine/model/webhook_json.hpp"

namespace amtsweg::cli {

namespace {

constexpr const char* kUsage =
    "usage: amtsweg webhooks list --db DB --tenant T\n"
    "       amtsweg webhooks add --db DB --tenant T --url URL --events TYPE[,TYPE...] [--secret S]\n"
    "                            [--webhook-allow RANGE|HOST]...\n"
    "       amtsweg webhooks remove --db DB --tenant T --id W-...\n"
    "       amtsweg webhooks deliveries --db DB --tenant T --id W-... [--status S] [--limit N] [--after D-...]\n"
    "       amtsweg webhooks redeliver --db DB --tenant T --delivery D-...";

// Prints the subscription with its secret, as POST /api/v1/webhooks answers: the only time it is shown.
int add_webhook(const Arguments& args) {
  args.allow_only({"db", "tenant", "url", "events", "secret", "now", "webhook-allow"});
  auto session = EngineSession::open(args);
  const WebhookSubscription created = session.engine->create_webhook(
      NewWebhook{args.required("tenant"), args.required("url"), args.list("events"), args.get("secret")});
  boost::json::object view = to_json(created);
  view["secret"] = created.secret;
  std::cout << pretty_json(view) << "\n";
  std::cerr << "webhook " << created.id << " of tenant " << created.tenant
            << " created; its secret is shown only now\n";
  return 0;
}

// One delivery per line, oldest message first; a full page ends with the cursor for --after.
int list_deliveries(const Arguments& args) {
  args.allow_only({"db", "tenant", "id", "status", "limit", "after", "now"});
  DeliveryQuery query;
  query.tenant = args.required("tenant");
  query.subscription_id = args.required("id");
  if (const auto status = args.get("status")) {
    query.status = delivery_status_from(*status);
    if (!query.status)
      throw Error(ErrorKind::InvalidArgument, "--status must be pending, delivered, dead or cancelled");
  }
  query.limit = args.integer("limit", 100, 1, 500);
  query.after_id = args.value_or("after", "");
  auto session = EngineSession::open(args);
  const auto deliveries = session.engine->webhook_deliveries(query);
  for (const auto& delivery : deliveries) std::cout << compact_json(to_json(delivery)) << "\n";
  if (static_cast<int>(deliveries.size()) == query.limit)
    std::cerr << "more may follow: --after " << deliveries.back().id << "\n";
  return 0;
}

}  // namespace

int webhooks_command(const Arguments& args) {
  const auto& words = args.positional();
  const std::string action = words.size() == 1 ? words[0] : "";
  if (action == "list") {
    args.allow_only({"db", "tenant", "now"});
    auto session = EngineSession::open(args);
    for (const auto& subscription : session.engine->webhooks(args.required("tenant")))
      std::cout << compact_json(to_json(subscription)) << "\n";
    return 0;
  }
  if (action == "add") return add_webhook(args);
  if (action == "remove") {
    args.allow_only({"db", "tenant", "id", "now"});
    auto session = EngineSession::open(args);
    session.engine->delete_webhook(args.required("tenant"), args.required("id"));
    std::cout << "webhook " << args.required("id") << " of tenant " << args.required("tenant")
              << " removed; its pending and dead deliveries are cancelled\n";
    return 0;
  }
  if (action == "deliveries") return list_deliveries(args);
  if (action == "redeliver") {
    args.allow_only({"db", "tenant", "delivery", "now"});
    auto session = EngineSession::open(args);
    const WebhookDelivery delivery = session.engine->redeliver(args.required("tenant"), args.required("delivery"));
    std::cout << compact_json(to_json(delivery)) << "\n";
    return 0;
  }
  throw Error(ErrorKind::InvalidArgument, kUsage);
}

}  // namespace amtsweg::cli
