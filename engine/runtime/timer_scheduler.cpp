// The scheduler's loop: fire what is due, report it, sleep one interval or until stopped.
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
    lock.lock();
    wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
  }
}

}  // namespace amtsweg
