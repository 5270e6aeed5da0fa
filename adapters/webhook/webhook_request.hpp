// What a webhook delivery sends: the JSON body of an outbox message and the headers that let a
// receiver deduplicate (Webhook-Id) and verify it (Webhook-Timestamp, Webhook-Signature).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/model/webhook_records.hpp"

namespace amtsweg::webhook {

// {"id", "type", "kind", "tenant", "case_id", "created_at", "payload"}: id is the outbox message
// id (the same for every subscription), created_at ISO-8601 UTC.
std::string webhook_body(const OutboxMessage& message);

// "v1=" + lower-case hex of HMAC-SHA256(key = secret, data = timestamp + "." + body).
std::string webhook_signature(std::string_view secret, std::string_view timestamp, std::string_view body);

struct SignedWebhook {
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Webhook-Id, -Timestamp, -Signature
};

// The body and headers of one attempt of `due` at `unix_seconds` (the Webhook-Timestamp).
// Webhook-Id is the delivery id: the same on every attempt and redelivery of this message to
// this subscription, different for another subscription.
SignedWebhook sign_webhook(const DueDelivery& due, std::int64_t unix_seconds);

}  // namespace amtsweg::webhook
