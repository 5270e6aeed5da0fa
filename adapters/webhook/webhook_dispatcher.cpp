// The dispatcher's loop (see webhook_dispatcher.hpp). One thread decides and talks to the engine;
// the poster's I/O thread only runs requests and hands their outcomes back through finished_.
#include "adapters/webhook/webhook_dispatcher.hpp"

#include <algorithm>
#include <iostream>

#include "adapters/webhook/webhook_request.hpp"

namespace amtsweg::webhook {

namespace {

PosterOptions poster_options(const DispatcherOptions& options, const Engine& engine) {
  PosterOptions poster;
  poster.targets = engine.webhook_targets();  // the policy subscriptions were checked against
  poster.resolver = options.resolver;
  poster.connect_timeout = options.connect_timeout;
  poster.write_timeout = options.write_timeout;
  poster.read_timeout = options.read_timeout;
  poster.idle_timeout = options.keep_alive_idle;
  // As many as may be in flight to one subscription: each finished request's connection is kept.
  poster.idle_per_receiver = static_cast<std::size_t>(std::max(options.per_subscription, 1));
  poster.response_limit = options.response_limit;
  poster.ca_file = options.ca_file;
  poster.user_agent = options.user_agent;
  return poster;
}

std::int64_t unix_seconds_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

WebhookDispatcher::WebhookDispatcher(Engine& engine, DispatcherOptions options)
    : engine_(engine), options_(std::move(options)), poster_(poster_options(options_, engine)) {}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

void WebhookDispatcher::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { loop(); });
}

void WebhookDispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

DispatcherStats WebhookDispatcher::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void WebhookDispatcher::report(const std::string& problem) const {
  if (options_.log)
    options_.log(problem);
  else
    std::cerr << "webhooks: " << problem << std::endl;
}

void WebhookDispatcher::loop() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (stopping_) break;
    }
    try {
      round();
    } catch (const std::exception& e) {
      // The store failed; deliveries stay where they were and the next round tries again.
      report(e.what());
    }
    std::unique_lock lock(mutex_);
    ++stats_.rounds;
    wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || !finished_.empty(); });
  }
  // Stopping: no new requests; the running ones end within their timeouts.
  while (in_flight_total_ > 0) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !finished_.empty(); });
    }
    try {
      record_finished();
    } catch (const std::exception& e) {
      report(e.what());  // unrecorded outcomes: those deliveries go out again after their lease
    }
  }
}

void WebhookDispatcher::round() {
  prune();
  DispatchRequest request;
  request.finished = take_finished();
  request.retry = options_.retry;
  request.fan_out_limit = options_.fan_out_batch;
  request.claim.limit = options_.concurrency - in_flight_total_;
  request.claim.per_subscription = options_.per_subscription;
  request.claim.in_flight = in_flight_;
  // Until every deadline of the request has passed, plus a margin for recording the outcome.
  request.claim.lease =
      options_.connect_timeout * 3 + options_.write_timeout + options_.read_timeout + std::chrono::milliseconds(30'000);
  // One commit records what finished, fans new messages out and leases what is due.
  for (const DueDelivery& due : engine_.dispatch_webhooks(request).due) send(due);
}

void WebhookDispatcher::send(const DueDelivery& due) {
  ++in_flight_[due.delivery.subscription_id];
  ++in_flight_total_;
  {
    std::lock_guard lock(mutex_);
    stats_.in_flight = static_cast<std::uint64_t>(in_flight_total_);
  }
  auto done = [this, subscription = due.delivery.subscription_id, id = due.delivery.id](PostResult result) {
    WebhookAttempt attempt;
    attempt.delivery_id = id;
    attempt.http_status = result.status;
    attempt.delivered = result.status && *result.status >= 200 && *result.status <= 299;
    attempt.error = std::move(result.error);
    {
      std::lock_guard lock(mutex_);
      finished_.push_back(Finished{subscription, std::move(attempt)});
    }
    wake_.notify_all();
  };
  PostRequest request;
  try {
    request.url = parse_webhook_url(due.url);
    SignedWebhook signed_webhook = sign_webhook(due, unix_seconds_now());
    request.body = std::move(signed_webhook.body);
    request.headers = std::move(signed_webhook.headers);
  } catch (const std::exception& e) {
    return done(PostResult{std::nullopt, e.what()});
  }
  poster_.post(std::move(request), std::move(done));
}

void WebhookDispatcher::prune() {
  if (options_.retention.count() <= 0 || std::chrono::steady_clock::now() < next_prune_) return;
  const int pruned = engine_.prune_webhook_deliveries(options_.retention, options_.prune_batch);
  // A full batch may have left more behind: the next round takes the next batch.
  if (pruned < options_.prune_batch) next_prune_ = std::chrono::steady_clock::now() + options_.prune_interval;
  std::lock_guard lock(mutex_);
  stats_.pruned += static_cast<std::uint64_t>(pruned);
}

std::vector<WebhookAttempt> WebhookDispatcher::take_finished() {
  std::vector<Finished> finished;
  {
    std::lock_guard lock(mutex_);
    finished.swap(finished_);
  }
  std::vector<WebhookAttempt> attempts;
  std::uint64_t delivered = 0;
  for (auto& item : finished) {
    if (--in_flight_[item.subscription_id] <= 0) in_flight_.erase(item.subscription_id);
    --in_flight_total_;
    if (item.attempt.delivered) ++delivered;
    attempts.push_back(std::move(item.attempt));
  }
  std::lock_guard lock(mutex_);
  stats_.attempts += attempts.size();
  stats_.delivered += delivered;
  stats_.in_flight = static_cast<std::uint64_t>(in_flight_total_);
  return attempts;
}

void WebhookDispatcher::record_finished() {
  const auto attempts = take_finished();
  if (!attempts.empty()) engine_.record_webhook_attempts(attempts, options_.retry);
}

}  // namespace amtsweg::webhook
