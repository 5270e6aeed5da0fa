// Webhook bookkeeping (see webhook_book.hpp). Every write is one job on the group writer, so it
// commits with (and is ordered among) the commands that wrote the outbox messages.
#include "engine/runtime/webhook_book.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <tuple>

#include "engine/error.hpp"
#include "engine/runtime/event_filter.hpp"
#include "engine/runtime/random_hex.hpp"
#include "engine/runtime/webhook_url.hpp"

namespace amtsweg {

namespace {

// Several nodes on one database take turns at fanning out and claiming (StoreWriter::
// try_lock_for_transaction), so that two never claim the same delivery or fan out the same
// message: a node whose turn it is not sends nothing this round and tries again at the next.
constexpr std::string_view kWebhookTurn = "webhooks";

constexpr std::size_t kMinSecret = 16;
constexpr std::size_t kMaxSecret = 256;

void check_secret(const std::string& secret) {
  if (secret.size() < kMinSecret || secret.size() > kMaxSecret)
    throw Error(ErrorKind::InvalidArgument,
                "field 'secret' must have " + std::to_string(kMinSecret) + " to " + std::to_string(kMaxSecret) +
                    " characters (leave it out to have one generated)",
                boost::json::object{{"field", "secret"}});
}

Error no_subscription(const std::string& id) { return no_such("webhook", id); }

}  // namespace

WebhookBook::WebhookBook(Store& store, GroupWriter& writer, const Clock& clock, WebhookTargetPolicy targets)
    : store_(store),
      writer_(writer),
      clock_(clock),
      targets_(std::move(targets)),
      jitter_random_(std::random_device{}()) {}

// --- subscriptions ------------------------------------------------------------------------------

WebhookSubscription WebhookBook::create(const NewWebhook& request) {
  if (request.tenant.empty()) throw Error(ErrorKind::InvalidArgument, "a webhook needs a tenant");
  targets_.check_subscription(parse_webhook_url(request.url));
  check_event_filters(request.events);
  if (request.secret) check_secret(*request.secret);
  WebhookSubscription subscription;
  subscription.id = "W-" + random_hex(8);
  subscription.tenant = request.tenant;
  subscription.url = request.url;
  subscription.events = request.events;
  subscription.secret = request.secret ? *request.secret : "whsec_" + random_hex(24);
  subscription.created_at = clock_.now();
  return writer_.run([&](StoreWriter& w) {
    // In the writer, so that no message can commit between reading the mark and the insert.
    subscription.after_message_id = w.last_outbox_id();
    w.insert_webhook_subscription(subscription);
    // Not the secret, and not the URL's query string, where receivers sometimes expect a key.
    w.insert_audit_entry(AuditEntry{0,
                                    subscription.tenant,
                                    subscription.created_at,
                                    request.actor,
                                    audit_action::kWebhookSubscribed,
                                    subscription.id,
                                    {{"url", request.url.substr(0, request.url.find_first_of("?#"))},
                                     {"events", boost::json::array(request.events.begin(), request.events.end())}}});
    return subscription;
  });
}

std::vector<WebhookSubscription> WebhookBook::list(const std::string& tenant) {
  if (tenant.empty()) return {};  // the store reads an empty tenant as "every tenant"
  return store_.open_reader()->webhook_subscriptions(tenant);
}

WebhookSubscription WebhookBook::get(const std::string& tenant, const std::string& id) {
  auto found = store_.open_reader()->find_webhook_subscription(tenant, id);
  if (!found || !found->active) throw no_subscription(id);
  return std::move(*found);
}

void WebhookBook::remove(const std::string& tenant, const std::string& id, const std::string& actor) {
  const Timestamp now = clock_.now();
  const bool removed = writer_.run([&](StoreWriter& w) {
    if (!w.deactivate_webhook_subscription(tenant, id)) return false;
    // In the same transaction: no claim can see the subscription inactive and its deliveries pending.
    const int cancelled = w.cancel_webhook_deliveries(id, now);
    w.insert_audit_entry(AuditEntry{
        0, tenant, now, actor, audit_action::kWebhookUnsubscribed, id, {{"cancelled_deliveries", cancelled}}});
    return true;
  });
  if (!removed) throw no_subscription(id);
}

// --- deliveries ---------------------------------------------------------------------------------

std::vector<WebhookDelivery> WebhookBook::deliveries(const DeliveryQuery& query) {
  auto reader = store_.open_reader();
  // A deleted subscription's deliveries stay listed (cancelled ones too) until they are pruned.
  if (!reader->find_webhook_subscription(query.tenant, query.subscription_id))
    throw no_subscription(query.subscription_id);
  return reader->webhook_deliveries(query);
}

WebhookDelivery WebhookBook::visible_delivery(StoreReader& reader, const std::string& tenant,
                                              const std::string& delivery_id) {
  auto delivery = reader.find_webhook_delivery(delivery_id);
  // A deleted subscription's deliveries cannot be sent again: it has no receiver any more.
  const auto subscription = delivery && delivery->tenant == tenant
                                ? reader.find_webhook_subscription(tenant, delivery->subscription_id)
                                : std::nullopt;
  if (!subscription || !subscription->active) throw Error(ErrorKind::NotFound, "no delivery " + delivery_id);
  return std::move(*delivery);
}

WebhookDelivery WebhookBook::redeliver(const std::string& tenant, const std::string& delivery_id) {
  const Timestamp now = clock_.now();
  return writer_.run([&](StoreWriter& w) {
    WebhookDelivery delivery = visible_delivery(w, tenant, delivery_id);
    if (delivery.status == DeliveryStatus::Pending)
      throw Error(ErrorKind::Conflict, "delivery " + delivery_id + " is still pending; it is tried again by itself");
    delivery.status = DeliveryStatus::Pending;
    delivery.attempts = 0;
    delivery.next_attempt_at = now;
    delivery.delivered_at.reset();
    w.update_webhook_delivery(delivery);
    return delivery;
  });
}

// --- dispatching --------------------------------------------------------------------------------

bool WebhookBook::has_new_messages(StoreReader& reader) {
  return !reader.outbox_after(reader.webhook_fanout_cursor(), 1).empty();
}

int WebhookBook::fan_out(int limit) {
  if (!has_new_messages(*store_.open_reader())) return 0;
  const Timestamp now = clock_.now();
  return writer_.run([&](StoreWriter& w) { return fan_out_in(w, limit, now); });
}

int WebhookBook::fan_out_in(StoreWriter& w, int limit, Timestamp now) {
  if (!w.try_lock_for_transaction(kWebhookTurn)) return 0;  // another node fans out now
  const auto messages = w.outbox_after(w.webhook_fanout_cursor(), limit);
  if (messages.empty()) return 0;
  const auto subscriptions = w.webhook_subscriptions("");
  int created = 0;
  for (const OutboxMessage& message : messages) {
    for (const WebhookSubscription& subscription : subscriptions) {
      if (subscription.tenant != message.tenant || message.id <= subscription.after_message_id ||
          !event_filters_match(subscription.events, message.type))
        continue;
      WebhookDelivery delivery;
      delivery.id = "D-" + random_hex(8);
      delivery.subscription_id = subscription.id;
      delivery.tenant = subscription.tenant;
      delivery.message_id = message.id;
      delivery.case_id = message.case_id;
      delivery.type = message.type;
      delivery.next_attempt_at = now;
      delivery.created_at = now;
      w.insert_webhook_delivery(delivery);
      ++created;
    }
  }
  w.set_webhook_fanout_cursor(messages.back().id);
  return created;
}

std::vector<DueDelivery> WebhookBook::due(StoreReader& reader, const DeliveryClaim& claim, Timestamp now) {
  std::vector<DueDelivery> due;
  for (const WebhookSubscription& subscription : reader.webhook_subscriptions("")) {
    const auto running = claim.in_flight.find(subscription.id);
    const int room = claim.per_subscription - (running == claim.in_flight.end() ? 0 : running->second);
    if (room <= 0) continue;  // a slow receiver holds only its own share of the requests
    for (auto& delivery : reader.due_webhook_deliveries(subscription.id, now, std::min(room, claim.limit)))
      due.push_back(DueDelivery{std::move(delivery), {}, subscription.url, subscription.secret});
  }
  std::sort(due.begin(), due.end(), [](const DueDelivery& a, const DueDelivery& b) {
    return std::tie(a.delivery.next_attempt_at, a.delivery.message_id) <
           std::tie(b.delivery.next_attempt_at, b.delivery.message_id);
  });
  if (due.size() > static_cast<std::size_t>(std::max(claim.limit, 0))) due.resize(std::max(claim.limit, 0));
  return due;
}

std::vector<DueDelivery> WebhookBook::claim(const DeliveryClaim& claim) {
  if (claim.limit <= 0) return {};
  const Timestamp now = clock_.now();
  if (due(*store_.open_reader(), claim, now).empty()) return {};
  return writer_.run([&](StoreWriter& w) { return claim_in(w, claim, now); });
}

std::vector<DueDelivery> WebhookBook::claim_in(StoreWriter& w, const DeliveryClaim& claim, Timestamp now) {
  if (claim.limit <= 0) return {};
  if (!w.try_lock_for_transaction(kWebhookTurn)) return {};  // another node claims now
  auto chosen = due(w, claim, now);                          // again, as the writer sees it: the reader may be behind
  std::vector<DueDelivery> sendable;
  for (DueDelivery& item : chosen) {
    auto message = w.find_outbox_message(item.delivery.message_id);
    if (!message) throw Error(ErrorKind::Corruption, "delivery " + item.delivery.id + " names no outbox message");
    if (!message->unreadable.empty()) {
      // A damaged message can never be sent: it becomes a dead letter with the reason, and
      // the deliveries behind it (of its case, and of every other tenant) go on.
      item.delivery.status = DeliveryStatus::Dead;
      item.delivery.last_error = "the outbox message cannot be read: " + message->unreadable;
      w.update_webhook_delivery(item.delivery);
      continue;
    }
    item.delivery.next_attempt_at = now + claim.lease.count();
    w.update_webhook_delivery(item.delivery);
    item.message = std::move(*message);
    sendable.push_back(std::move(item));
  }
  return sendable;
}

int WebhookBook::prune(std::chrono::milliseconds retention, int limit) {
  if (limit <= 0) return 0;
  const Timestamp before = clock_.now() - retention.count();
  return writer_.run([&](StoreWriter& w) { return w.prune_webhook_deliveries(before, limit); });
}

std::vector<WebhookDelivery> WebhookBook::record(const std::vector<WebhookAttempt>& attempts,
                                                 const RetryPolicy& policy) {
  if (attempts.empty()) return {};
  const Timestamp now = clock_.now();
  return writer_.run([&](StoreWriter& w) { return record_in(w, attempts, policy, now); });
}

std::vector<WebhookDelivery> WebhookBook::record_in(StoreWriter& w, const std::vector<WebhookAttempt>& attempts,
                                                    const RetryPolicy& policy, Timestamp now) {
  std::vector<WebhookDelivery> recorded;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (const WebhookAttempt& attempt : attempts) {
    auto delivery = w.find_webhook_delivery(attempt.delivery_id);
    if (!delivery || delivery->status != DeliveryStatus::Pending) continue;
    delivery->attempts += 1;
    delivery->last_status = attempt.http_status;
    if (attempt.delivered) {
      delivery->status = DeliveryStatus::Delivered;
      delivery->delivered_at = now;
      delivery->last_error.clear();
    } else {
      delivery->last_error = attempt.error;
      if (delivery->attempts >= std::max(policy.max_attempts, 1))
        delivery->status = DeliveryStatus::Dead;
      else
        delivery->next_attempt_at = now + retry_delay(policy, delivery->attempts, unit(jitter_random_)).count();
    }
    w.update_webhook_delivery(*delivery);
    recorded.push_back(std::move(*delivery));
  }
  return recorded;
}

DispatchRound WebhookBook::dispatch(const DispatchRequest& request) {
  const Timestamp now = clock_.now();
  if (request.finished.empty()) {
    // The common idle round: one snapshot shows there is nothing to write.
    auto reader = store_.open_reader();
    if (!has_new_messages(*reader) && (request.claim.limit <= 0 || due(*reader, request.claim, now).empty())) return {};
  }
  return writer_.run([&](StoreWriter& w) {
    DispatchRound round;
    // Recorded first: a finished delivery frees its case for the next message of it.
    round.recorded = record_in(w, request.finished, request.retry, now);
    round.fanned_out = fan_out_in(w, request.fan_out_limit, now);
    round.due = claim_in(w, request.claim, now);
    return round;
  });
}

}  // namespace amtsweg
