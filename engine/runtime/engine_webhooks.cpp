// The Engine facade's webhook methods: the work is WebhookBook's (webhook_book.hpp).
#include "engine/runtime/engine.hpp"

namespace amtsweg {

WebhookSubscription Engine::create_webhook(const NewWebhook& request) { return webhooks_->create(request); }

const WebhookTargetPolicy& Engine::webhook_targets() const { return webhooks_->targets(); }

std::vector<WebhookSubscription> Engine::webhooks(const std::string& tenant) { return webhooks_->list(tenant); }

WebhookSubscription Engine::webhook(const std::string& tenant, const std::string& id) {
  return webhooks_->get(tenant, id);
}

void Engine::delete_webhook(const std::string& tenant, const std::string& id, const std::string& actor) {
  webhooks_->remove(tenant, id, actor);
}

std::vector<WebhookDelivery> Engine::webhook_deliveries(const DeliveryQuery& query) {
  return webhooks_->deliveries(query);
}

WebhookDelivery Engine::redeliver(const std::string& tenant, const std::string& delivery_id) {
  return webhooks_->redeliver(tenant, delivery_id);
}

int Engine::fan_out_webhooks(int limit) { return webhooks_->fan_out(limit); }

std::vector<DueDelivery> Engine::claim_webhook_deliveries(const DeliveryClaim& claim) {
  return webhooks_->claim(claim);
}

int Engine::prune_webhook_deliveries(std::chrono::milliseconds retention, int limit) {
  return webhooks_->prune(retention, limit);
}

std::vector<WebhookDelivery> Engine::record_webhook_attempts(const std::vector<WebhookAttempt>& attempts,
                                                             const RetryPolicy& policy) {
  return webhooks_->record(attempts, policy);
}

DispatchRound Engine::dispatch_webhooks(const DispatchRequest& request) { return webhooks_->dispatch(request); }
}  // namespace amtsweg
