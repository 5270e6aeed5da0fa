// A Lua 5.4 state restricted to safe libraries, with a memory cap (custom allocator) and an
// instruction budget (count hook); it also caches compiled chunks and makes evaluation environments.
#pragma once

extern "C" {
#include <lauxlib.h>
#include <lua.h>
}

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "engine/script/script_engine.hpp"

namespace amtsweg::script {

// Every chunk is loaded under this name, so Lua's messages read "code:3: ..." and are easy to strip.
inline constexpr const char* kChunkName = "=code";
inline constexpr std::string_view kChunkPrefix = "code:";

// CPU time of the evaluating thread per evaluation: the catch-all for work that counts as one
// instruction (comparing two long strings is one); the instruction budget runs out in a few
// milliseconds. CPU time, so that a loaded machine does not fail scripts a quiet one runs.
inline constexpr std::chrono::milliseconds kMaxDuration{1000};

// Book-keeping the allocator and the count hook reach through lua_getallocf (no globals).
struct SandboxContext {
  std::size_t memory_limit = 0;
  std::size_t memory_used = 0;
  bool memory_refused = false;  // an allocation was refused since the last arm_limits()

  std::int64_t instruction_limit = 0;
  std::int64_t instructions_run = 0;
  int hook_step = 1000;  // the hook runs every hook_step instructions
  bool budget_exceeded = false;
  // CPU time of the thread (ns) when the running evaluation must end; 0 until the hook first runs,
  // so evaluations shorter than hook_step instructions never read the clock.
  std::int64_t deadline_ns = 0;
  bool time_exceeded = false;           // budget_exceeded because the deadline passed
  const char* budget_reason = nullptr;  // what charge() was paying for when it ran out

  void* evaluation = nullptr;                 // what the environment's __index serves; set only during a call
  const WorkingCalendar* calendar = nullptr;  // the evaluation's, for add_working_days; ditto
  int environment_metatable = LUA_NOREF;
  int chunk_cache = LUA_NOREF;
  int cached_chunks = 0;
};

class LuaSandbox {
 public:
  // environment_index is the __index metamethod of every evaluation environment: it serves the
  // bindings and falls back to push_safe_global(). Throws Error{ScriptFailure} when even the empty
  // sandbox does not fit into the memory limit.
  LuaSandbox(const ScriptLimits& limits, lua_CFunction environment_index);
  LuaSandbox(const LuaSandbox&) = delete;
  LuaSandbox& operator=(const LuaSandbox&) = delete;

  lua_State* state() const { return state_.get(); }
  SandboxContext& context() { return context_; }
  static SandboxContext& context_of(lua_State* L);

  // --- The following run inside a protected call (they may raise Lua errors). ---

  // Pushes the compiled function for `text` (from the cache, else compiled in text mode and
  // cached) and returns LUA_OK, or pushes the error message and returns the load status.
  static int push_chunk(lua_State* L, std::string_view text);
  // Pushes a new, empty environment table whose __index serves bindings and safe globals.
  static void push_environment(lua_State* L);
  // Pushes the read-only global named by the value at key_index (nil when there is none).
  static void push_safe_global(lua_State* L, int key_index);

  // Resets the counters and the deadline and installs the count hook; disarm removes the hook.
  static void arm_limits(lua_State* L);
  // Adds `instructions` to the budget spent, for work done inside a C function where the count
  // hook does not fire; raises "instruction budget exceeded" (remembering `reason`, a string
  // literal) when that is more than what is left.
  static void charge(lua_State* L, double instructions, const char* reason);
  static void disarm_limits(lua_State* L);

 private:
  struct StateCloser {
    void operator()(lua_State* L) const { lua_close(L); }
  };
  SandboxContext context_;  // declared first: the state (destroyed first) frees through it
  std::unique_ptr<lua_State, StateCloser> state_;
};

}  // namespace amtsweg::script
