// The server's metrics registry: requests by route pattern and status, latency per route and
// requests in flight, fed by the server as a RequestObserver; plus the writers of the engine's
// figures (group commits, writer queue, cases by process and state) for GET /metrics.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "adapters/rest/prometheus_text.hpp"
#include "adapters/rest/request_observer.hpp"
#include "engine/store/group_writer.hpp"
#include "engine/store/store.hpp"

namespace amtsweg::rest {

// Upper bounds (seconds) of the request latency histogram's buckets.
inline constexpr std::array<double, 13> kLatencyBounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                       0.25,  0.5,    1.0,   2.5,  5.0,   10.0};

// The route label of requests no route answered (unknown paths, wrong methods), so raw paths
// never become label values.
inline constexpr const char* kUnmatchedRoute = "unmatched";

// Thread-safe: one mutex guards the tables (one short lock per request), the gauge is atomic.
class Metrics final : public RequestObserver {
 public:
  void begin(const Request& request) override;
  void end(const Request& request, const Response& response, std::chrono::microseconds duration) override;

  // amtsweg_http_requests_total{route,status}, amtsweg_http_request_duration_seconds{route}
  // and amtsweg_http_requests_in_flight.
  void write(PrometheusText& out) const;

 private:
  struct Latency {
    std::array<std::uint64_t, kLatencyBounds.size() + 1> buckets{};
    double sum = 0;
  };

  std::atomic<std::int64_t> in_flight_{0};
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;  // (route, status); guarded by mutex_
  std::map<std::string, Latency> latency_;                         // by route; guarded by mutex_
};

// amtsweg_writer_groups_total, amtsweg_writer_commands_total, amtsweg_writer_largest_group,
// amtsweg_writer_group_size (histogram) and amtsweg_writer_queue_depth.
void write_writer_metrics(PrometheusText& out, const GroupWriterStats& stats);

// amtsweg_cases{process,state,status}: cases of every tenant together.
void write_case_metrics(PrometheusText& out, const std::vector<StateCount>& counts);
// Open incidents and waiting buffered events, all tenants together.
void write_attention_metrics(PrometheusText& out, const AttentionCounts& counts);

}  // namespace amtsweg::rest
