// The scheduler's loop: fire what is due, run retention when its interval has passed, report
// both, sleep one interval or until stopped.
#include "engine/runtime/timer_scheduler.hpp"

#include <iostream>

namespace amtsweg {

TimerScheduler::TimerScheduler(Engine& engine, TimerSchedulerOptions options)
    : engine_(engine), options_(std::move(options)), thread_([this] { run(); }) {}

TimerScheduler::~TimerScheduler() { stop(); }

void TimerScheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TimerScheduler::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      const FireReport report = engine_.fire_due_timers();
      if (options_.on_report && (report.fired || report.consumed || report.failed || report.expired))
        options_.on_report(report);
    } catch (const std::exception& error) {
      // A store failure must not end the thread: the timers stay due and the next tick retries.
      std::cerr << "amtsweg scheduler: firing due timers failed: " << error.what() << "\n";
    }
    run_retention_if_due();
    lock.lock();
    wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
  }
}

void TimerScheduler::run_retention_if_due() {
  if (options_.retention_interval.count() <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (last_retention_ && now - *last_retention_ < options_.retention_interval) return;
  last_retention_ = now;
  try {
    // Batches of 100 cases, each deleted in a command of its own, until nothing due is left.
    for (;;) {
      const RetentionReport report = engine_.apply_retention(100);
      if (options_.on_retention && (!report.deleted.empty() || !report.failures.empty())) options_.on_retention(report);
      if (report.deleted.size() < 100) break;
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
  } catch (const std::exception& error) {
    std::cerr << "amtsweg scheduler: retention failed: " << error.what() << "\n";
  }
}

}  // namespace amtsweg
