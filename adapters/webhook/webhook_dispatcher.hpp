// The webhook dispatcher: a background loop that fans committed outbox messages out to the
// subscriptions, sends due deliveries as signed HTTP POSTs and records each outcome in the engine.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapters/webhook/http_poster.hpp"
#include "engine/runtime/engine.hpp"

namespace amtsweg::webhook {

struct DispatcherOptions {
  std::chrono::milliseconds poll_interval{250};  // how often to look for new messages and due retries
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds keep_alive_idle{10'000};  // an unused keep-alive connection is closed after this
  RetryPolicy retry;          // backoff base and cap, jitter, attempts before a delivery is dead
  int concurrency = 64;       // requests in flight at most, over all receivers
  int per_subscription = 32;  // requests in flight at most per subscription (so a slow receiver
                              // holds only its share); deliveries of one case always go one by one
  int fan_out_batch = 500;    // outbox messages turned into deliveries per round
  // Delivered and cancelled deliveries are deleted this long after they were delivered or
  // cancelled (zero: kept for ever), at most prune_batch per round and, once none is left, again
  // after prune_interval; small batches keep the writer free for commands.
  std::chrono::hours retention{30 * 24};
  std::chrono::milliseconds prune_interval{60'000};
  int prune_batch = 200;
  std::string ca_file;  // https: a PEM file of CAs trusted besides the system's (for tests, private CAs)
  std::size_t response_limit = 64 * 1024;
  std::string user_agent = "amtsweg-webhooks";
  // Finds receivers' addresses, each then checked against the engine's webhook_targets() before
  // connecting. Null: the system's resolver. Tests give fixed answers (host_resolver.hpp).
  std::shared_ptr<HostResolver> resolver;
  // Problems of the loop itself (the store failing); deliveries' failures are recorded with them.
  // Empty: written to stderr.
  std::function<void(const std::string&)> log;
};

struct DispatcherStats {
  std::uint64_t rounds = 0;
  std::uint64_t attempts = 0;   // HTTP attempts finished
  std::uint64_t delivered = 0;  // of which answered 2xx
  std::uint64_t in_flight = 0;  // requests running now
  std::uint64_t pruned = 0;     // deliveries deleted after their retention
};

// Delivers at least once: a delivery is marked delivered only after a 2xx; one whose outcome was
// not recorded (crash, stop before recording) goes out again once its lease ends. Several
// dispatchers may share one database (leases keep them apart).
class WebhookDispatcher {
 public:
  // `engine` must outlive the dispatcher. Throws Error{InvalidArgument} for bad options (e.g. an
  // unreadable CA file).
  WebhookDispatcher(Engine& engine, DispatcherOptions options = {});
  // stop().
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // Starts the loop thread; returns at once. Once only.
  void start();
  // Graceful: claims nothing more, waits for the requests in flight (each ends within its
  // timeouts), records their outcomes, and joins. Idempotent.
  void stop();

  DispatcherStats stats() const;

 private:
  struct Finished {
    std::string subscription_id;
    WebhookAttempt attempt;
  };

  void loop();
  void round();
  void send(const DueDelivery& due);
  // Takes the outcomes the poster handed back and frees their places in flight.
  std::vector<WebhookAttempt> take_finished();
  void record_finished();  // take_finished() and record them (when stopping)
  void prune();
  void report(const std::string& problem) const;

  // Constant after construction.
  Engine& engine_;
  const DispatcherOptions options_;

  // Used by the loop thread only.
  std::map<std::string, int> in_flight_;  // subscription id -> requests running
  int in_flight_total_ = 0;
  std::chrono::steady_clock::time_point next_prune_{};  // at once after start

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;           // guarded by mutex_
  std::vector<Finished> finished_;  // guarded by mutex_: filled on the poster's thread
  DispatcherStats stats_;           // guarded by mutex_

  HttpPoster poster_;   // its callbacks use the members above
  std::thread thread_;  // last: the loop uses everything above
};

}  // namespace amtsweg::webhook
