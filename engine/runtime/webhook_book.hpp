// The engine's bookkeeping of webhook delivery: subscriptions per tenant, the fan-out of committed
// outbox messages into one delivery per matching subscription, leases on due deliveries, and the
// outcome of each attempt (backoff, dead letter, redelivery). No HTTP here: adapters/webhook sends.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "engine/clock.hpp"
#include "engine/model/audit_records.hpp"
#include "engine/model/webhook_records.hpp"
#include "engine/runtime/retry_policy.hpp"
#include "engine/runtime/webhook_target_policy.hpp"
#include "engine/store/group_writer.hpp"
#include "engine/store/store.hpp"

namespace amtsweg {

struct NewWebhook {
  std::string tenant;
  std::string url;                    // http:// or https://
  std::vector<std::string> events;    // see event_filter.hpp
  std::optional<std::string> secret;  // none: one is generated
  std::string actor = kHostActor;     // who subscribes, for the audit log
};

// What a dispatcher asks for when it has room for more requests.
struct DeliveryClaim {
  int limit = 16;                        // deliveries at most
  int per_subscription = 4;              // requests in flight per subscription at most, counting `in_flight`
  std::map<std::string, int> in_flight;  // subscription id -> requests the caller still has running
  // A claimed delivery is not due again before now + lease: long enough for the request to end
  // (all its timeouts), short enough that a crashed dispatcher's deliveries soon go out again.
  std::chrono::milliseconds lease{60'000};
};

// The outcome of one HTTP attempt of a delivery.
struct WebhookAttempt {
  std::string delivery_id;
  bool delivered = false;          // a 2xx answer
  std::optional<int> http_status;  // none when no answer came (refused, timeout, TLS failure)
  std::string error;               // why it failed
};

// One round of a dispatcher: what it finished, and what it asks for next.
struct DispatchRequest {
  std::vector<WebhookAttempt> finished;  // outcomes to record (see WebhookBook::record)
  RetryPolicy retry;
  int fan_out_limit = 500;  // outbox messages to turn into deliveries (see WebhookBook::fan_out)
  DeliveryClaim claim;      // deliveries to lease (see WebhookBook::claim); limit 0: none
};

struct DispatchRound {
  std::vector<WebhookDelivery> recorded;
  int fanned_out = 0;  // deliveries created
  std::vector<DueDelivery> due;
};

// Thread-safe: reads use their own reader connections, writes are jobs on the engine's single writer.
class WebhookBook {
 public:
  // `store`, `writer` and `clock` must outlive the book. `targets` decides which URLs may be subscribed.
  WebhookBook(Store& store, GroupWriter& writer, const Clock& clock, WebhookTargetPolicy targets = {});

  // Where webhooks may be sent (the dispatcher checks resolved addresses against the same policy).
  const WebhookTargetPolicy& targets() const { return targets_; }

  // Validates url (its host too: see WebhookTargetPolicy) and events (Error{InvalidArgument} naming the field),
  // generates a secret when none is given, and subscribes to messages committed from now on. Returns the subscription
  // with its secret.
  WebhookSubscription create(const NewWebhook& request);
  // The tenant's active subscriptions, oldest first.
  std::vector<WebhookSubscription> list(const std::string& tenant);
  // Error{NotFound} for an unknown, deleted or another tenant's subscription.
  WebhookSubscription get(const std::string& tenant, const std::string& id);
  // Deactivates the subscription: no new deliveries, its pending and dead ones are cancelled
  // (never sent), and it is gone from the API except for its list of deliveries. Error{NotFound}
  // as get().
  void remove(const std::string& tenant, const std::string& id, const std::string& actor = kHostActor);
  // A page of a subscription's deliveries, also of a deleted one (until they are pruned).
  // Error{NotFound} for an unknown or another tenant's subscription.
  std::vector<WebhookDelivery> deliveries(const DeliveryQuery& query);
  // Makes a delivered or dead delivery pending again, due now, with a fresh count of attempts.
  // Error{NotFound} for another tenant's delivery or one of a deleted subscription,
  // Error{Conflict} when it is still pending.
  WebhookDelivery redeliver(const std::string& tenant, const std::string& delivery_id);

  // Turns up to `limit` outbox messages not yet fanned out into deliveries (one per active
  // subscription of the message's tenant whose filter matches); returns how many it created.
  // Costs no write when there is nothing new.
  int fan_out(int limit);
  // Leases the deliveries due now that may go out: at most claim.limit, within each subscription's
  // room, never one whose case has an earlier message pending for the same subscription. The
  // oldest due come first. Costs no write when nothing is due.
  std::vector<DueDelivery> claim(const DeliveryClaim& claim);
  // Deletes up to `limit` deliveries delivered or cancelled longer than `retention` ago, oldest
  // first; returns how many (fewer than `limit`: nothing older is left). Dead letters stay until
  // they are redelivered or their subscription is deleted. One short job on the writer.
  int prune(std::chrono::milliseconds retention, int limit);
  // Records attempts: a delivered one is done; a failed one is due again after the policy's
  // backoff, or dead after policy.max_attempts attempts. Attempts of deliveries that are no longer
  // pending are ignored. Returns the deliveries as recorded.
  std::vector<WebhookDelivery> record(const std::vector<WebhookAttempt>& attempts, const RetryPolicy& policy);
  // record, fan_out and claim in one job on the writer, so that a dispatcher's round waits for
  // one commit instead of three (under load, each commit waits for a group). Costs no write when
  // nothing is finished, new or due.
  DispatchRound dispatch(const DispatchRequest& request);

 private:
  std::vector<DueDelivery> due(StoreReader& reader, const DeliveryClaim& claim, Timestamp now);
  // The writer-side halves of fan_out, claim and record: they run inside a writer job.
  int fan_out_in(StoreWriter& w, int limit, Timestamp now);
  std::vector<DueDelivery> claim_in(StoreWriter& w, const DeliveryClaim& claim, Timestamp now);
  std::vector<WebhookDelivery> record_in(StoreWriter& w, const std::vector<WebhookAttempt>& attempts,
                                         const RetryPolicy& policy, Timestamp now);
  // Whether the outbox holds messages not yet fanned out, as `reader` sees it.
  static bool has_new_messages(StoreReader& reader);
  WebhookDelivery visible_delivery(StoreReader& reader, const std::string& tenant, const std::string& delivery_id);

  Store& store_;
  GroupWriter& writer_;
  const Clock& clock_;
  const WebhookTargetPolicy targets_;
  std::mt19937_64 jitter_random_;  // used only inside writer jobs, i.e. on the writer thread
};

}  // namespace amtsweg
