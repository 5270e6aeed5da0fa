// Lua states for the threads that decide commands: each decision borrows one ScriptEngine for its
// duration, so any number of threads decide at once and no Lua state is ever shared.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "engine/script/script_engine.hpp"

namespace amtsweg {

// Thread-safe. Engines are made on demand and kept for reuse (their compiled chunks with them),
// so the pool grows to the largest number of commands decided at the same time.
class ScriptEnginePool {
 public:
  // A borrowed engine: used by one thread until the lease ends, then returned to the pool.
  class Lease {
   public:
    Lease(ScriptEnginePool& pool, std::unique_ptr<ScriptEngine> engine) : pool_(&pool), engine_(std::move(engine)) {}
    ~Lease();
    Lease(Lease&& other) noexcept = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;

    ScriptEngine& operator*() const { return *engine_; }

   private:
    ScriptEnginePool* pool_;
    std::unique_ptr<ScriptEngine> engine_;  // null once moved from
  };

  explicit ScriptEnginePool(ScriptLimits limits) : limits_(limits) {}

  Lease borrow();

 private:
  void give_back(std::unique_ptr<ScriptEngine> engine);

  const ScriptLimits limits_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<ScriptEngine>> idle_;  // guarded by mutex_
};

}  // namespace amtsweg
