// Fires due timers in the background: the server's clock-driven half. Every tick it asks the engine
// to fire what is due, so `after:` transitions and deadlines happen without anyone calling in; every
// retention interval it deletes the personal data whose retention period has ended.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/runtime/engine.hpp"

namespace amtsweg {

struct TimerSchedulerOptions {
  // Timers fire at most this long after they fall due (plus the time their commands take).
  std::chrono::milliseconds interval = std::chrono::milliseconds(250);
  // Told about every tick that fired, consumed or failed something, or expired buffered events
  // (the server logs it).
  std::function<void(const FireReport&)> on_report;
  // How often retention runs (the first run is on the first tick); zero: never. Each run looks at
  // every closed case not yet deleted, so it is far rarer than the timers' tick.
  std::chrono::milliseconds retention_interval = std::chrono::minutes(10);
  // Told about every retention run that deleted something or failed.
  std::function<void(const RetentionReport&)> on_retention;
};

class TimerScheduler {
 public:
  // Starts the thread at once; its first tick fires what fell due while nobody was running.
  TimerScheduler(Engine& engine, TimerSchedulerOptions options = {});
  // Stops (see stop()).
  ~TimerScheduler();
  TimerScheduler(const TimerScheduler&) = delete;
  TimerScheduler& operator=(const TimerScheduler&) = delete;

  // Finishes the tick in progress, if any, and joins the thread. Idempotent.
  void stop();

 private:
  void run();
  void run_retention_if_due();

  Engine& engine_;
  TimerSchedulerOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;                                                // guarded by mutex_
  std::optional<std::chrono::steady_clock::time_point> last_retention_;  // the scheduler thread's own
  std::thread thread_;                                                   // last: starts after everything it uses
};

}  // namespace amtsweg
