// Counting requests and writing every metric family of GET /metrics (see metrics.hpp).
#include "adapters/rest/metrics.hpp"

#include <algorithm>

namespace amtsweg::rest {

void Metrics::begin(const Request&) { ++in_flight_; }

void Metrics::end(const Request&, const Response& response, std::chrono::microseconds duration) {
  --in_flight_;
  const std::string route = response.route.empty() ? std::string(kUnmatchedRoute) : response.route;
  const double seconds = static_cast<double>(duration.count()) / 1e6;
  const auto bucket = std::lower_bound(kLatencyBounds.begin(), kLatencyBounds.end(), seconds);
  std::lock_guard lock(mutex_);
  ++requests_[{route, response.status}];
  Latency& latency = latency_[route];
  ++latency.buckets[static_cast<std::size_t>(bucket - kLatencyBounds.begin())];
  latency.sum += seconds;
}

void Metrics::write(PrometheusText& out) const {
  std::lock_guard lock(mutex_);
  out.family("amtsweg_http_requests_total", "counter", "HTTP requests answered, by route pattern and status.");
  for (const auto& [key, count] : requests_)
    out.sample("amtsweg_http_requests_total", {{"route", key.first}, {"status", std::to_string(key.second)}},
               static_cast<double>(count));
  out.family("amtsweg_http_request_duration_seconds", "histogram",
             "Time from handing a request to its handler until its response was ready, by route pattern.");
  for (const auto& [route, latency] : latency_)
    out.histogram("amtsweg_http_request_duration_seconds", {{"route", route}}, kLatencyBounds, latency.buckets,
                  latency.sum);
  out.family("amtsweg_http_requests_in_flight", "gauge", "Requests being handled right now.");
  out.sample("amtsweg_http_requests_in_flight", {}, static_cast<double>(in_flight_.load()));
}

void write_writer_metrics(PrometheusText& out, const GroupWriterStats& stats) {
  out.family("amtsweg_writer_groups_total", "counter", "Group commits: transactions of the single writer.");
  out.sample("amtsweg_writer_groups_total", {}, static_cast<double>(stats.groups));
  out.family("amtsweg_writer_commands_total", "counter", "Commands run by the writer, succeeded or failed.");
  out.sample("amtsweg_writer_commands_total", {}, static_cast<double>(stats.commands));
  out.family("amtsweg_writer_largest_group", "gauge", "The most commands that shared one commit so far.");
  out.sample("amtsweg_writer_largest_group", {}, static_cast<double>(stats.largest_group));
  out.family("amtsweg_writer_group_size", "histogram", "Commands per group commit.");
  std::array<double, kGroupSizeBounds.size()> bounds{};
  std::copy(kGroupSizeBounds.begin(), kGroupSizeBounds.end(), bounds.begin());
  out.histogram("amtsweg_writer_group_size", {}, bounds, stats.groups_by_size, static_cast<double>(stats.commands));
  out.family("amtsweg_writer_queue_depth", "gauge", "Commands waiting for the writer right now.");
  out.sample("amtsweg_writer_queue_depth", {}, static_cast<double>(stats.queue_depth));
  out.family("amtsweg_writer_redecisions_total", "counter",
             "Commands decided again because their case changed between deciding and writing.");
  out.sample("amtsweg_writer_redecisions_total", {}, static_cast<double>(stats.redecisions));
}

void write_case_metrics(PrometheusText& out, const std::vector<StateCount>& counts) {
  out.family("amtsweg_cases", "gauge", "Cases by process, current state and status, all tenants together.");
  for (const auto& count : counts)
    out.sample("amtsweg_cases", {{"process", count.process_id}, {"state", count.state}, {"status", count.status}},
               static_cast<double>(count.count));
}

void write_attention_metrics(PrometheusText& out, const AttentionCounts& counts) {
  out.family("amtsweg_incidents_open", "gauge",
             "Cases held by an open incident (a failed timer or buffered event), all tenants.");
  out.sample("amtsweg_incidents_open", {}, static_cast<double>(counts.open_incidents));
  out.family("amtsweg_buffered_events", "gauge", "Events kept until a case waits for them, all tenants.");
  out.sample("amtsweg_buffered_events", {}, static_cast<double>(counts.buffered_events));
}

}  // namespace amtsweg::rest
