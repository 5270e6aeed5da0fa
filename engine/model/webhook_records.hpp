// Webhook subscriptions and the delivery of outbox messages to them, as the store keeps them:
// one delivery per (subscription, outbox message), with its attempts and outcome. Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/clock.hpp"
#include "engine/model/records.hpp"

namespace amtsweg {

// An integrator's subscription: outbox messages of its tenant whose type matches one of `events`
// are POSTed to `url`, signed with `secret`.
struct WebhookSubscription {
  std::string id;  // "W-<16 hex>"
  std::string tenant;
  std::string url;                  // http:// or https://
  std::vector<std::string> events;  // exact types ("case.completed"), prefixes ("task.*") or "*"
  std::string secret;               // the HMAC key of the signature header
  Timestamp created_at = 0;
  bool active = true;  // false once deleted: no new deliveries, invisible to the API
  // Messages with a larger outbox id are for this subscription: those committed after it was
  // created, never the backlog from before.
  std::int64_t after_message_id = 0;
};

// Cancelled: its subscription was deleted while it was pending or dead; it is never sent.
enum class DeliveryStatus { Pending, Delivered, Dead, Cancelled };
std::string_view to_string(DeliveryStatus status);
std::optional<DeliveryStatus> delivery_status_from(std::string_view text);

// One outbox message for one subscription.
struct WebhookDelivery {
  std::string id;  // "D-<16 hex>"; sent as the Webhook-Id header, the same on every attempt
  std::string subscription_id;
  std::string tenant;  // the subscription's
  std::int64_t message_id = 0;
  std::string case_id;
  std::string type;  // the message's type
  DeliveryStatus status = DeliveryStatus::Pending;
  int attempts = 0;                // attempts made since it was created or last redelivered
  Timestamp next_attempt_at = 0;   // when pending: not attempted before this
  std::optional<int> last_status;  // HTTP status of the last attempt; none when no response came
  std::string last_error;          // why the last attempt failed ("" after a success)
  std::optional<Timestamp> delivered_at;
  Timestamp created_at = 0;
  std::optional<Timestamp> cancelled_at;  // when its subscription was deleted
};

// A delivery that is due, with what it takes to send it.
struct DueDelivery {
  WebhookDelivery delivery;
  OutboxMessage message;
  std::string url;
  std::string secret;
};

// A page of one subscription's deliveries, ordered by outbox message id.
struct DeliveryQuery {
  std::string tenant;                    // required
  std::string subscription_id;           // required
  std::optional<DeliveryStatus> status;  // nullopt: any
  std::string after_id;                  // cursor: deliveries after this one
  int limit = 100;
};

}  // namespace amtsweg
