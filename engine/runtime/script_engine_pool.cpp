// Lending Lua states to deciding threads (see script_engine_pool.hpp).
#include "engine/runtime/script_engine_pool.hpp"

namespace amtsweg {

ScriptEnginePool::Lease::~Lease() {
  if (engine_) pool_->give_back(std::move(engine_));
}

ScriptEnginePool::Lease ScriptEnginePool::borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto engine = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(engine));
    }
  }
  return Lease(*this, std::make_unique<ScriptEngine>(limits_));
}

void ScriptEnginePool::give_back(std::unique_ptr<ScriptEngine> engine) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(engine));
}

}  // namespace amtsweg
