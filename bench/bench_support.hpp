// Shared tools of the benchmark workloads: options, timing, latency percentiles and the one-line
// machine-readable result (`RESULT {...}`) that scripts/bench collects from every run.
#pragma once

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace amtsweg::bench {

using Stopwatch = std::chrono::steady_clock;

struct Options {
  int cases = 2000;    // cases (standesamt, micro), open tasks (postkorb)
  int callers = 16;    // threads calling the engine
  int commands = 0;    // floor: commands to write (0: 4 per case, like the engine run)
  int queries = 2000;  // postkorb: queries per view
  std::string dir = "bench-data";
  std::string store;      // --store postgresql://...: that (empty) PostgreSQL database instead of a file in dir
  std::string processes;  // the processes/ folder (default: the source tree's)
  int nodes = 1;          // standesamt with --store: engines on the one database, each its own store
};

inline double seconds_since(Stopwatch::time_point start) {
  return std::chrono::duration<double>(Stopwatch::now() - start).count();
}

// Durations of single operations in microseconds, collected per thread and merged.
class Latencies {
 public:
  void add(Stopwatch::time_point since) {
    samples_.push_back(std::chrono::duration<double, std::micro>(Stopwatch::now() - since).count());
  }
  void merge(const Latencies& other) { samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end()); }
  std::size_t size() const { return samples_.size(); }
  // The q-quantile (0..1) in milliseconds, nearest rank; 0 without samples.
  double quantile_ms(double q) {
    if (samples_.empty()) return 0;
    std::sort(samples_.begin(), samples_.end());
    const auto rank = std::min(samples_.size() - 1, static_cast<std::size_t>(q * double(samples_.size())));
    return samples_[rank] / 1000.0;
  }

 private:
  std::vector<double> samples_;
};

// Runs `work(i, latencies)` for i in [0, count) on `threads` threads, i spread round robin;
// returns the merged latencies.
template <class Work>
Latencies in_parallel(int count, int threads, Work work) {
  std::vector<Latencies> per_thread(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      for (int i = t; i < count; i += threads) work(i, per_thread[t]);
    });
  for (auto& w : workers) w.join();
  Latencies all;
  for (const auto& l : per_thread) all.merge(l);
  return all;
}

// The line scripts/bench reads: `RESULT {"workload": ..., figures...}`.
inline void print_result(boost::json::object figures) {
  std::printf("RESULT %s\n", boost::json::serialize(figures).c_str());
  std::fflush(stdout);
}

}  // namespace amtsweg::bench
