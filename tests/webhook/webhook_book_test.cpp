// The engine's webhook bookkeeping on a real SQLite file with a manual clock: what the outbox
// holds, fan-out to subscriptions, order per case, leases, backoff, dead letters, redelivery and
// tenant isolation. No network here (see dispatcher_test.cpp for HTTP).
#include <catch2/catch.hpp>

#include <algorithm>
#include <utility>

#include "engine/error.hpp"
#include "engine/runtime/event_filter.hpp"
#include "engine/runtime/retry_policy.hpp"
#include "engine/runtime/webhook_url.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/webhook/relay_process.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

WebhookSubscription subscribe(EngineFixture& f, std::vector<std::string> events,
                              const std::string& tenant = "giessen") {
  return f.engine->create_webhook(NewWebhook{tenant, "https://crm.example.org/hooks", std::move(events), std::nullopt});
}

std::vector<WebhookDelivery> deliveries_of(EngineFixture& f, const WebhookSubscription& s,
                                           std::optional<DeliveryStatus> status = std::nullopt) {
  DeliveryQuery query;
  query.tenant = s.tenant;
  query.subscription_id = s.id;
  query.status = status;
  return f.engine->webhook_deliveries(query);
}

std::vector<std::string> types_of(const std::vector<WebhookDelivery>& deliveries) {
  std::vector<std::string> types;
  for (const auto& d : deliveries) types.push_back(d.type);
  return types;
}

std::vector<std::string> types_of(const std::vector<OutboxMessage>& messages) {
  std::vector<std::string> types;
  for (const auto& m : messages) types.push_back(m.type);
  return types;
}

DeliveryClaim claim_all(milliseconds lease = milliseconds(60'000)) {
  DeliveryClaim claim;
  claim.limit = 100;
  claim.per_subscription = 100;
  claim.lease = lease;
  return claim;
}

WebhookAttempt failed(const DueDelivery& due, int status = 503) {
  return WebhookAttempt{due.delivery.id, false, status, "HTTP " + std::to_string(status)};
}

WebhookAttempt delivered(const DueDelivery& due) { return WebhookAttempt{due.delivery.id, true, 200, ""}; }

ErrorKind kind_of(const std::function<void()>& action) { return error_kind_of(action); }

std::string field_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.details().is_object() && e.details().as_object().contains("field")
               ? std::string(e.details().at("field").as_string())
               : "<no field>";
  }
  return "<accepted>";
}

}  // namespace

TEST_CASE("outbox: case and task lifecycle, emit and notify are messages of the change", "[webhooks]") {
  EngineFixture f;
  f.deploy(kCertificateYaml, "certificate.yaml");
  const CaseRecord c = start_review(f);  // fee-free: straight to the clerk's task
  const TaskRecord task = f.open_task("giessen", c.id);
  f.engine->claim("giessen", task.id, "anna");
  f.engine->suspend_case("giessen", c.id, "admin");
  f.engine->resume_case("giessen", c.id, "admin");
  // A failing command writes nothing to the outbox (same transaction as the change).
  CHECK(kind_of([&] { f.engine->complete("giessen", task.id, "anna", json::parse(R"({"decision": "maybe"})")); }) ==
        ErrorKind::RuleViolation);
  f.engine->complete("giessen", task.id, "anna", json::parse(R"({"decision": "approve"})"));

  const auto outbox = f.engine->outbox("giessen", c.id);
  CHECK(types_of(outbox) == std::vector<std::string>{"case.started", "task.created", "task.claimed", "case.suspended",
                                                     "case.resumed", "task.completed", "notification",
                                                     "case.completed"});
  CHECK(outbox[0].kind == "case");
  CHECK(outbox[0].payload.at("state") == "received");
  CHECK(outbox[1].kind == "task");
  CHECK(outbox[1].payload.at("id").as_string() == task.id);
  CHECK(outbox[3].payload.at("by") == "admin");
  const OutboxMessage& notification = outbox[6];
  CHECK(notification.kind == "notify");
  CHECK(notification.payload.at("to") == "applicant");
  CHECK(notification.payload.at("text") == "Dear Max, your certificate is on its way.");
  CHECK(outbox[7].payload.at("outcome") == "issued");
  CHECK(std::is_sorted(outbox.begin(), outbox.end(),
                       [](const OutboxMessage& a, const OutboxMessage& b) { return a.id < b.id; }));

  const CaseRecord other = start_review(f);
  f.engine->cancel_case("giessen", other.id, "admin", "withdrawn");
  CHECK(types_of(f.engine->outbox("giessen", other.id)) ==
        std::vector<std::string>{"case.started", "task.created", "task.cancelled", "case.cancelled"});
}

TEST_CASE("fan-out: one delivery per matching subscription of the message's tenant, from subscribing on",
          "[webhooks]") {
  EngineFixture f;
  f.deploy(kCertificateYaml, "certificate.yaml");
  const CaseRecord before = start_review(f);  // committed before anyone subscribed: not delivered
  const auto everything = subscribe(f, {"*"});
  const auto tasks = subscribe(f, {"task.*"});
  const auto completions = subscribe(f, {"case.completed", "case.cancelled"});
  const auto marburg = subscribe(f, {"*"}, "marburg");

  const CaseRecord c = start_review(f);
  f.engine->cancel_case("giessen", c.id, "admin", "withdrawn");
  CHECK(f.engine->fan_out_webhooks(500) == 4 + 2 + 1);
  CHECK(f.engine->fan_out_webhooks(500) == 0);  // each message once

  CHECK(types_of(deliveries_of(f, everything)) ==
        std::vector<std::string>{"case.started", "task.created", "task.cancelled", "case.cancelled"});
  CHECK(types_of(deliveries_of(f, tasks)) == std::vector<std::string>{"task.created", "task.cancelled"});
  CHECK(types_of(deliveries_of(f, completions)) == std::vector<std::string>{"case.cancelled"});
  CHECK(deliveries_of(f, marburg).empty());
  for (const auto& d : deliveries_of(f, everything)) {
    CHECK(d.case_id == c.id);
    CHECK(d.status == DeliveryStatus::Pending);
    CHECK(d.attempts == 0);
    CHECK(d.next_attempt_at == f.clock.now());
  }

  // A deleted subscription gets nothing new; the fan-out position survives a restart.
  f.engine->delete_webhook("giessen", tasks.id);
  f.reopen();
  CHECK(f.engine->fan_out_webhooks(500) == 0);
  start_review(f, "marburg");
  CHECK(f.engine->fan_out_webhooks(1) == 1);  // batches: one message per call here
  CHECK(f.engine->fan_out_webhooks(1) == 1);
  CHECK(types_of(deliveries_of(f, marburg)) == std::vector<std::string>{"case.started", "task.created"});
  CHECK(deliveries_of(f, everything).size() == 4);
  (void)before;
}

TEST_CASE("claim: the oldest due first, one message of a case at a time, within each subscription's room",
          "[webhooks]") {
  EngineFixture f;
  f.deploy(kRelayYaml, "relay.yaml");
  const auto hook = subscribe(f, {"*"});
  const std::string a = start_relay(*f.engine);
  const std::string b = start_relay(*f.engine);
  ping(*f.engine, "giessen", a, 1);
  ping(*f.engine, "giessen", a, 2);
  ping(*f.engine, "giessen", b, 1);
  REQUIRE(f.engine->fan_out_webhooks(500) == 5);

  // Only the first message of each case may go; the others wait for it.
  const auto first = f.engine->claim_webhook_deliveries(claim_all());
  REQUIRE(first.size() == 2);
  CHECK(first[0].delivery.case_id == a);
  CHECK(first[0].message.type == "case.started");
  CHECK(first[1].delivery.case_id == b);
  CHECK(first[0].url == "https://crm.example.org/hooks");
  CHECK(first[0].secret == hook.secret);
  // Leased: a second claim while they are in flight gets nothing.
  CHECK(f.engine->claim_webhook_deliveries(claim_all()).empty());

  // Case a's first is delivered: its next message is due; case b still waits for its first.
  f.engine->record_webhook_attempts({delivered(first[0])}, RetryPolicy{});
  const auto second = f.engine->claim_webhook_deliveries(claim_all());
  REQUIRE(second.size() == 1);
  CHECK(second[0].message.type == "ping.seen");
  CHECK(second[0].message.payload.at("n") == 1);

  // The subscription's room counts what the dispatcher still has in flight.
  f.engine->record_webhook_attempts({delivered(first[1]), delivered(second[0])}, RetryPolicy{});
  DeliveryClaim full = claim_all();
  full.per_subscription = 2;
  full.in_flight[hook.id] = 2;
  CHECK(f.engine->claim_webhook_deliveries(full).empty());
  full.in_flight[hook.id] = 1;
  const auto third = f.engine->claim_webhook_deliveries(full);
  REQUIRE(third.size() == 1);  // a's ping 2 and b's ping 1 are due; room for one, the older
  CHECK(third[0].delivery.case_id == a);

  // A lease that ran out (a dispatcher died before recording) makes the delivery due again.
  f.clock.advance(milliseconds(60'001));
  const auto again = f.engine->claim_webhook_deliveries(claim_all());
  REQUIRE(again.size() == 2);
  CHECK(std::any_of(again.begin(), again.end(),
                    [&](const DueDelivery& d) { return d.delivery.id == third[0].delivery.id; }));
}

TEST_CASE("backoff: failed attempts come back later and later, then the delivery is dead", "[webhooks]") {
  EngineFixture f;
  f.deploy(kRelayYaml, "relay.yaml");
  const auto hook = subscribe(f, {"*"});
  const std::string c = start_relay(*f.engine);
  ping(*f.engine, "giessen", c, 1);
  f.engine->fan_out_webhooks(500);
  const RetryPolicy policy{milliseconds(1'000), milliseconds(3'000), 4, 0.0};

  std::vector<Timestamp> delays;
  for (int attempt = 1; attempt <= 4; ++attempt) {
    const auto due = f.engine->claim_webhook_deliveries(claim_all());
    REQUIRE(due.size() == 1);
    CHECK(due[0].message.type == "case.started");  // the ping waits behind it all along
    const Timestamp failed_at = f.clock.now();
    const auto recorded = f.engine->record_webhook_attempts({failed(due[0])}, policy);
    REQUIRE(recorded.size() == 1);
    CHECK(recorded[0].attempts == attempt);
    CHECK(recorded[0].last_status == 503);
    CHECK(recorded[0].last_error == "HTTP 503");
    if (recorded[0].status == DeliveryStatus::Dead) break;
    delays.push_back(recorded[0].next_attempt_at - failed_at);
    f.clock.advance(milliseconds(delays.back() - 1));
    CHECK(f.engine->claim_webhook_deliveries(claim_all()).empty());  // not before its time
    f.clock.advance(milliseconds(1));
  }
  CHECK(delays == std::vector<Timestamp>{1'000, 2'000, 3'000});  // doubling, capped
  const auto dead = deliveries_of(f, hook, DeliveryStatus::Dead);
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].attempts == 4);
  CHECK(dead[0].type == "case.started");
  // A dead letter no longer holds its case back.
  const auto next = f.engine->claim_webhook_deliveries(claim_all());
  REQUIRE(next.size() == 1);
  CHECK(next[0].message.type == "ping.seen");
  // Nor is a dead one recorded again.
  CHECK(f.engine->record_webhook_attempts({WebhookAttempt{dead[0].id, true, 200, ""}}, policy).empty());
}

TEST_CASE("backoff: the schedule doubles from the base up to the cap, jitter only shortens it", "[webhooks]") {
  const RetryPolicy policy{milliseconds(500), milliseconds(60'000), 8, 0.25};
  CHECK(retry_delay(policy, 1, 0.0) == milliseconds(500));
  CHECK(retry_delay(policy, 2, 0.0) == milliseconds(1'000));
  CHECK(retry_delay(policy, 5, 0.0) == milliseconds(8'000));
  CHECK(retry_delay(policy, 8, 0.0) == milliseconds(60'000));
  CHECK(retry_delay(policy, 1'000, 0.0) == milliseconds(60'000));
  CHECK(retry_delay(policy, 2, 0.5) == milliseconds(875));
  CHECK(retry_delay(policy, 2, 0.999) >= milliseconds(750));
  CHECK(retry_delay(RetryPolicy{milliseconds(500), milliseconds(60'000), 8, 0.0}, 3, 0.9) == milliseconds(2'000));
}

TEST_CASE("redeliver: a dead or delivered delivery goes out again, a pending one is refused", "[webhooks]") {
  EngineFixture f;
  f.deploy(kRelayYaml, "relay.yaml");
  const auto hook = subscribe(f, {"*"});
  const std::string c = start_relay(*f.engine);
  ping(*f.engine, "giessen", c, 1);
  f.engine->fan_out_webhooks(500);
  const RetryPolicy once{milliseconds(1'000), milliseconds(1'000), 1, 0.0};

  const auto first = f.engine->claim_webhook_deliveries(claim_all());
  REQUIRE(first.size() == 1);
  CHECK(f.engine->record_webhook_attempts({failed(first[0], 500)}, once)[0].status == DeliveryStatus::Dead);
  const auto second = f.engine->claim_webhook_deliveries(claim_all());
  REQUIRE(second.size() == 1);
  CHECK(kind_of([&] { f.engine->redeliver("giessen", second[0].delivery.id); }) == ErrorKind::Conflict);
  f.engine->record_webhook_attempts({delivered(second[0])}, once);

  f.clock.advance(milliseconds(5'000));
  const WebhookDelivery again = f.engine->redeliver("giessen", first[0].delivery.id);
  CHECK(again.status == DeliveryStatus::Pending);
  CHECK(again.attempts == 0);
  CHECK(again.next_attempt_at == f.clock.now());
  CHECK(again.last_status == 500);  // what happened last stays visible until the next attempt
  const WebhookDelivery replay = f.engine->redeliver("giessen", second[0].delivery.id);
  CHECK(replay.status == DeliveryStatus::Pending);
  CHECK_FALSE(replay.delivered_at);

  // Redelivered messages keep the case's order: the older goes first.
  const auto due = f.engine->claim_webhook_deliveries(claim_all());
  REQUIRE(due.size() == 1);
  CHECK(due[0].delivery.id == first[0].delivery.id);
  const auto done = f.engine->record_webhook_attempts({delivered(due[0])}, once);
  CHECK(done[0].status == DeliveryStatus::Delivered);
  CHECK(done[0].attempts == 1);
  CHECK(done[0].last_error.empty());
  CHECK(deliveries_of(f, hook, DeliveryStatus::Delivered).size() == 1);
  CHECK(deliveries_of(f, hook, DeliveryStatus::Pending).size() == 1);
}

TEST_CASE("webhooks are per tenant: another tenant's subscription or delivery is not found", "[webhooks]") {
  EngineFixture f;
  f.deploy(kRelayYaml, "relay.yaml");
  const auto hook = subscribe(f, {"*"});
  start_relay(*f.engine);
  f.engine->fan_out_webhooks(500);
  const auto delivery = deliveries_of(f, hook).at(0);

  CHECK(f.engine->webhooks("marburg").empty());
  CHECK(f.engine->webhooks("giessen").size() == 1);
  CHECK(f.engine->webhook("giessen", hook.id).url == hook.url);
  CHECK(kind_of([&] { f.engine->webhook("marburg", hook.id); }) == ErrorKind::NotFound);
  CHECK(kind_of([&] { f.engine->delete_webhook("marburg", hook.id); }) == ErrorKind::NotFound);
  CHECK(kind_of([&] { f.engine->redeliver("marburg", delivery.id); }) == ErrorKind::NotFound);
  DeliveryQuery query;
  query.tenant = "marburg";
  query.subscription_id = hook.id;
  CHECK(kind_of([&] { f.engine->webhook_deliveries(query); }) == ErrorKind::NotFound);
  CHECK(f.engine->webhooks("giessen").size() == 1);  // nothing changed

  f.engine->delete_webhook("giessen", hook.id);
  CHECK(kind_of([&] { f.engine->webhook("giessen", hook.id); }) == ErrorKind::NotFound);
  CHECK(kind_of([&] { f.engine->delete_webhook("giessen", hook.id); }) == ErrorKind::NotFound);
  CHECK(kind_of([&] { f.engine->redeliver("giessen", delivery.id); }) == ErrorKind::NotFound);
  CHECK(f.engine->claim_webhook_deliveries(claim_all()).empty());  // a deleted subscription's are not sent
}

TEST_CASE("subscribing checks url, events and secret and names the field", "[webhooks]") {
  EngineFixture f;
  auto create = [&](std::string url, std::vector<std::string> events, std::optional<std::string> secret = {}) {
    return [&f, url, events, secret] { f.engine->create_webhook(NewWebhook{"giessen", url, events, secret}); };
  };
  CHECK(field_of(create("ftp://crm.example.org/x", {"*"})) == "url");
  CHECK(field_of(create("crm.example.org/x", {"*"})) == "url");
  CHECK(field_of(create("http:///x", {"*"})) == "url");
  CHECK(field_of(create("http://user:pw@crm.example.org/x", {"*"})) == "url");
  CHECK(field_of(create("http://crm.example.org:99999/x", {"*"})) == "url");
  CHECK(field_of(create("http://crm example.org/x", {"*"})) == "url");
  CHECK(field_of(create("https://crm.example.org/x", {})) == "events");
  CHECK(field_of(create("https://crm.example.org/x", {"case.completed", "bad type"})) == "events[1]");
  CHECK(field_of(create("https://crm.example.org/x", {"ta*sk"})) == "events[0]");
  CHECK(field_of(create("https://crm.example.org/x", {"*"}, "short")) == "secret");
  CHECK(kind_of(create("ftp://x", {"*"})) == ErrorKind::InvalidArgument);
  CHECK(f.engine->webhooks("giessen").empty());

  const auto a =
      f.engine->create_webhook(NewWebhook{"giessen", "HTTPS://[2606:4700::1]:8443/in?x=1", {"*"}, std::nullopt});
  const auto b =
      f.engine->create_webhook(NewWebhook{"giessen", "http://93.184.216.34", {"task.*"}, "0123456789abcdef"});
  CHECK(a.secret.rfind("whsec_", 0) == 0);
  CHECK(a.secret.size() == 6 + 48);
  CHECK(b.secret == "0123456789abcdef");
  CHECK(a.id != b.id);
  CHECK(f.engine->webhooks("giessen").size() == 2);
}

TEST_CASE("webhook urls split into host, port and target", "[webhooks]") {
  const WebhookUrl plain = parse_webhook_url("http://crm.example.org");
  CHECK_FALSE(plain.tls);
  CHECK(plain.host == "crm.example.org");
  CHECK(plain.port == "80");
  CHECK(plain.target == "/");
  const WebhookUrl secure = parse_webhook_url("https://127.0.0.1:8443/hooks/amtsweg?tenant=giessen");
  CHECK(secure.tls);
  CHECK(secure.host == "127.0.0.1");
  CHECK(secure.port == "8443");
  CHECK(secure.target == "/hooks/amtsweg?tenant=giessen");
  const WebhookUrl v6 = parse_webhook_url("https://[2001:db8::1]?a=b");
  CHECK(v6.host == "2001:db8::1");
  CHECK(v6.port == "443");
  CHECK(v6.target == "/?a=b");
}

TEST_CASE("event filters: exact types, prefixes and everything", "[webhooks]") {
  CHECK(event_filters_match({"*"}, "anything.at.all"));
  CHECK(event_filters_match({"case.completed"}, "case.completed"));
  CHECK_FALSE(event_filters_match({"case.completed"}, "case.cancelled"));
  CHECK(event_filters_match({"case.started", "task.*"}, "task.created"));
  CHECK(event_filters_match({"task.*"}, "task.four.eyes"));
  CHECK_FALSE(event_filters_match({"task.*"}, "task"));
  CHECK_FALSE(event_filters_match({"task.*"}, "tasks.created"));
  CHECK_FALSE(event_filters_match({}, "task.created"));
  CHECK_NOTHROW(check_event_filters({"*", "task.*", "payment:confirmed", "notification"}));
}

TEST_CASE("deliveries page by cursor and filter by status", "[webhooks]") {
  EngineFixture f;
  f.deploy(kRelayYaml, "relay.yaml");
  const auto hook = subscribe(f, {"*"});
  const std::string c = start_relay(*f.engine);
  for (int n = 1; n <= 4; ++n) ping(*f.engine, "giessen", c, n);
  f.engine->fan_out_webhooks(500);
  const auto first = f.engine->claim_webhook_deliveries(claim_all());
  f.engine->record_webhook_attempts({delivered(first.at(0))}, RetryPolicy{});

  DeliveryQuery query;
  query.tenant = "giessen";
  query.subscription_id = hook.id;
  query.limit = 2;
  const auto page1 = f.engine->webhook_deliveries(query);
  query.after_id = page1.back().id;
  const auto page2 = f.engine->webhook_deliveries(query);
  query.after_id = page2.back().id;
  const auto page3 = f.engine->webhook_deliveries(query);
  REQUIRE(page1.size() == 2);
  REQUIRE(page2.size() == 2);
  REQUIRE(page3.size() == 1);
  CHECK(page1[0].status == DeliveryStatus::Delivered);
  CHECK(page1[0].message_id < page1[1].message_id);
  CHECK(page1[1].message_id < page2[0].message_id);
  CHECK(page2[1].message_id < page3[0].message_id);
  CHECK(deliveries_of(f, hook, DeliveryStatus::Pending).size() == 4);
  CHECK(deliveries_of(f, hook, DeliveryStatus::Dead).empty());
  query.after_id = "D-nonsense";
  CHECK(kind_of([&] { f.engine->webhook_deliveries(query); }) == ErrorKind::InvalidArgument);
}

TEST_CASE("deleting a subscription cancels its pending and dead deliveries: listed as cancelled, never sent",
          "[webhooks]") {
  EngineFixture f;
  f.deploy(kRelayYaml, "relay.yaml");
  const auto hook = subscribe(f, {"case.started"});
  for (int i = 0; i < 3; ++i) start_relay(*f.engine);  // three cases: three independent deliveries
  f.engine->fan_out_webhooks(500);
  const auto in_flight = f.engine->claim_webhook_deliveries(claim_all());
  REQUIRE(in_flight.size() == 3);
  RetryPolicy once;
  once.max_attempts = 1;
  f.engine->record_webhook_attempts({delivered(in_flight[0]), failed(in_flight[1])}, once);  // one delivered, one dead
  start_relay(*f.engine);  // and one pending that was never tried
  f.engine->fan_out_webhooks(500);
  REQUIRE(deliveries_of(f, hook, DeliveryStatus::Dead).size() == 1);

  f.clock.advance(milliseconds(5'000));
  f.engine->delete_webhook("giessen", hook.id);
  // The list of a deleted subscription's deliveries stays readable for its tenant only.
  const auto all = deliveries_of(f, hook);
  REQUIRE(all.size() == 4);
  CHECK(deliveries_of(f, hook, DeliveryStatus::Delivered).size() == 1);
  const auto cancelled = deliveries_of(f, hook, DeliveryStatus::Cancelled);
  REQUIRE(cancelled.size() == 3);  // the dead one, the one in flight and the untried one
  for (const auto& d : cancelled) CHECK(d.cancelled_at == f.clock.now());
  CHECK(deliveries_of(f, hook, DeliveryStatus::Pending).empty());
  DeliveryQuery other;
  other.tenant = "marburg";
  other.subscription_id = hook.id;
  CHECK(kind_of([&] { f.engine->webhook_deliveries(other); }) == ErrorKind::NotFound);

  // The answer to the request that was in flight changes nothing; nothing is due, ever.
  CHECK(f.engine->record_webhook_attempts({delivered(in_flight[2])}, once).empty());
  CHECK(deliveries_of(f, hook, DeliveryStatus::Cancelled).size() == 3);
  f.clock.advance(milliseconds(3'600'000));
  CHECK(f.engine->claim_webhook_deliveries(claim_all()).empty());
  CHECK(kind_of([&] { f.engine->redeliver("giessen", cancelled[0].id); }) == ErrorKind::NotFound);
  f.reopen();
  CHECK(deliveries_of(f, hook, DeliveryStatus::Cancelled).size() == 3);
}

TEST_CASE("retention: delivered and cancelled deliveries are pruned in batches, dead letters stay", "[webhooks]") {
  EngineFixture f;
  f.deploy(kRelayYaml, "relay.yaml");
  const auto kept = subscribe(f, {"case.started"});
  const auto dropped = subscribe(f, {"case.started"});
  const milliseconds retention(30 * kDay);
  RetryPolicy once;
  once.max_attempts = 1;
  // Day 0: three cases; for `kept` two are delivered and one is dead; `dropped` delivers all three.
  for (int i = 0; i < 3; ++i) start_relay(*f.engine);
  f.engine->fan_out_webhooks(500);
  std::vector<WebhookAttempt> day0;
  bool one_failed = false;
  for (const auto& due : f.engine->claim_webhook_deliveries(claim_all())) {
    const bool fail = due.delivery.subscription_id == kept.id && !std::exchange(one_failed, true);
    day0.push_back(fail ? failed(due) : delivered(due));
  }
  f.engine->record_webhook_attempts(day0, once);
  REQUIRE(deliveries_of(f, kept, DeliveryStatus::Dead).size() == 1);
  REQUIRE(deliveries_of(f, dropped, DeliveryStatus::Delivered).size() == 3);
  // Day 10: one more case, pending for both; then `dropped` is deleted (its pending one is cancelled).
  f.clock.advance(milliseconds(10 * kDay));
  start_relay(*f.engine);
  f.engine->fan_out_webhooks(500);
  f.engine->delete_webhook("giessen", dropped.id);
  for (const auto& due : f.engine->claim_webhook_deliveries(claim_all()))
    f.engine->record_webhook_attempts({delivered(due)}, once);
  REQUIRE(deliveries_of(f, kept).size() == 4);

  // Day 29: nothing is old enough.
  f.clock.advance(milliseconds(19 * kDay));
  CHECK(f.engine->prune_webhook_deliveries(retention, 100) == 0);
  // Day 31: the five delivered on day 0 go, two per batch; the dead letter stays.
  f.clock.advance(milliseconds(2 * kDay));
  CHECK(f.engine->prune_webhook_deliveries(retention, 2) == 2);
  CHECK(f.engine->prune_webhook_deliveries(retention, 2) == 2);
  CHECK(f.engine->prune_webhook_deliveries(retention, 2) == 1);
  CHECK(f.engine->prune_webhook_deliveries(retention, 2) == 0);
  CHECK(deliveries_of(f, kept).size() == 2);     // the dead letter and day 10's delivery
  CHECK(deliveries_of(f, dropped).size() == 1);  // day 10's cancelled one
  // Day 41: day 10's delivered and cancelled deliveries go; the dead letter is still there.
  f.clock.advance(milliseconds(10 * kDay));
  CHECK(f.engine->prune_webhook_deliveries(retention, 100) == 2);
  const auto left = deliveries_of(f, kept);
  REQUIRE(left.size() == 1);
  CHECK(left[0].status == DeliveryStatus::Dead);
  CHECK(deliveries_of(f, dropped).empty());
  // Redelivered, it counts from its new delivery.
  f.engine->redeliver("giessen", left[0].id);
  for (const auto& due : f.engine->claim_webhook_deliveries(claim_all()))
    f.engine->record_webhook_attempts({delivered(due)}, once);
  f.clock.advance(milliseconds(29 * kDay));
  CHECK(f.engine->prune_webhook_deliveries(retention, 100) == 0);
  f.clock.advance(milliseconds(2 * kDay));
  CHECK(f.engine->prune_webhook_deliveries(retention, 100) == 1);
  CHECK(deliveries_of(f, kept).empty());
}

TEST_CASE("dispatch: one commit records, fans out and leases, in that order", "[webhooks]") {
  EngineFixture f;
  f.deploy(kRelayYaml, "relay.yaml");
  const auto hook = subscribe(f, {"*"});
  const std::string a = start_relay(*f.engine);
  ping(*f.engine, "giessen", a, 1);

  DispatchRequest request;
  request.claim = claim_all();
  const auto groups_before = f.engine->writer_stats().groups;
  const DispatchRound first = f.engine->dispatch_webhooks(request);
  CHECK(f.engine->writer_stats().groups == groups_before + 1);  // fan-out and lease: one commit
  CHECK(first.fanned_out == 2);
  REQUIRE(first.due.size() == 1);  // the case's second message waits for its first
  CHECK(first.due[0].message.type == "case.started");
  CHECK(first.recorded.empty());

  // The outcome is recorded before the lease: the case's next message goes out in the same round.
  request.finished = {delivered(first.due[0])};
  const DispatchRound second = f.engine->dispatch_webhooks(request);
  REQUIRE(second.recorded.size() == 1);
  CHECK(second.recorded[0].status == DeliveryStatus::Delivered);
  CHECK(second.fanned_out == 0);
  REQUIRE(second.due.size() == 1);
  CHECK(second.due[0].message.type == "ping.seen");
  CHECK(deliveries_of(f, hook, DeliveryStatus::Delivered).size() == 1);

  // Nothing finished, new or due: no write at all.
  request.finished.clear();
  const auto groups_idle = f.engine->writer_stats().groups;
  const DispatchRound idle = f.engine->dispatch_webhooks(request);
  CHECK(idle.due.empty());
  CHECK(f.engine->writer_stats().groups == groups_idle);
}
