// Body, signature and headers of a webhook request (see webhook_request.hpp). The signature
// scheme is part of the public contract (README "Webhooks"): change it only with a new version tag.
#include "adapters/webhook/webhook_request.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json/object.hpp>

#include "engine/error.hpp"
#include "engine/model/json_text.hpp"
#include "engine/model/record_json.hpp"

namespace amtsweg::webhook {

std::string webhook_body(const OutboxMessage& message) {
  boost::json::object body = to_json(message);  // the outbox message as the API shows it ...
  body["tenant"] = message.tenant;              // ... and whose it is, for receivers of several tenants
  return json_text(body);
}

std::string webhook_signature(std::string_view secret, std::string_view timestamp, std::string_view body) {
  std::string signed_text;
  signed_text.reserve(timestamp.size() + 1 + body.size());
  signed_text.append(timestamp).append(".").append(body);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), digest, &length))
    throw Error(ErrorKind::Io, "HMAC-SHA256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string signature = "v1=";
  for (unsigned int i = 0; i < length; ++i) signature += {hex[digest[i] >> 4], hex[digest[i] & 0xf]};
  return signature;
}

SignedWebhook sign_webhook(const DueDelivery& due, std::int64_t unix_seconds) {
  SignedWebhook signed_webhook;
  signed_webhook.body = webhook_body(due.message);
  const std::string timestamp = std::to_string(unix_seconds);
  signed_webhook.headers = {{"Webhook-Id", due.delivery.id},
                            {"Webhook-Timestamp", timestamp},
                            {"Webhook-Signature", webhook_signature(due.secret, timestamp, signed_webhook.body)}};
  return signed_webhook;
}

}  // namespace amtsweg::webhook
