// Builds the sandboxed Lua state: safe libraries only, read-only shared tables, a capped
// allocator, the instruction budget hook and the cache of compiled chunks.
#include "engine/script/sandbox.hpp"

extern "C" {
#include <lauxlib.h>
#include <lualib.h>
}

#include <time.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/error.hpp"
#include "engine/script/date_functions.hpp"
#include "engine/script/metered_functions.hpp"
#include "engine/script/sandbox_functions.hpp"

namespace amtsweg::script {
namespace {

constexpr int kMaxCachedChunks = 1024;

// Refuses any growth beyond the limit; Lua then runs an emergency collection and, if that does
// not help, raises a memory error that the evaluation reports as "memory limit exceeded".
void* limited_alloc(void* ud, void* block, std::size_t old_size, std::size_t new_size) {
  auto& context = *static_cast<SandboxContext*>(ud);
  const std::size_t current = block ? old_size : 0;  // for new blocks old_size is a type tag
  if (new_size == 0) {
    std::free(block);
    context.memory_used -= current;
    return nullptr;
  }
  if (new_size > current) {
    const std::size_t headroom = context.memory_limit - std::min(context.memory_used, context.memory_limit);
    if (new_size - current > headroom) {
      context.memory_refused = true;
      return nullptr;
    }
  }
  void* resized = std::realloc(block, new_size);
  if (!resized) {
    if (new_size <= current) return block;  // Lua assumes shrinking never fails
    context.memory_refused = true;
    return nullptr;
  }
  context.memory_used = context.memory_used - current + new_size;
  return resized;
}

void count_hook(lua_State* L, lua_Debug*);

std::int64_t thread_cpu_ns() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// From now on the hook fires on every instruction and raises the budget error.
void spend_budget(lua_State* L, SandboxContext& context) {
  context.budget_exceeded = true;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
}

// Runs every hook_step instructions. Once the budget (instructions or time) is spent it stays
// spent: the hook then fires on every instruction, so a script that catches the error with pcall
// cannot keep running.
void count_hook(lua_State* L, lua_Debug*) {
  auto& context = LuaSandbox::context_of(L);
  context.instructions_run += context.hook_step;
  if (!context.budget_exceeded) {
    const std::int64_t now = thread_cpu_ns();
    if (context.deadline_ns == 0) context.deadline_ns = now + std::chrono::nanoseconds(kMaxDuration).count();
    const bool late = now > context.deadline_ns;
    if (!late && context.instructions_run <= context.instruction_limit) return;
    context.time_exceeded = late;
    spend_budget(L, context);
  }
  lua_pushliteral(L, "instruction budget exceeded");
  lua_error(L);
}

int reject_write(lua_State* L) {
  return luaL_error(L, "the library table '%s' is read-only", lua_tostring(L, lua_upvalueindex(1)));
}

// Replaces globals[name] (a library table) by an empty proxy that reads through to it and refuses
// writes, so one evaluation cannot change string.format & co. for the next.
void make_read_only_library(lua_State* L, int globals, const char* name) {
  lua_getfield(L, globals, name);
  const int library = lua_gettop(L);
  lua_newtable(L);  // the proxy
  lua_createtable(L, 0, 3);
  lua_pushvalue(L, library);
  lua_setfield(L, -2, "__index");
  lua_pushstring(L, name);
  lua_pushcclosure(L, reject_write, 1);
  lua_setfield(L, -2, "__newindex");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_setfield(L, globals, name);
  lua_pop(L, 1);
}

int setup_sandbox(lua_State* L) {
  auto& context = *static_cast<SandboxContext*>(lua_touserdata(L, 1));
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_settop(L, 2);
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
  lua_settop(L, 2);

  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  const int globals = lua_gettop(L);
  // io, os, package, debug and coroutine are never opened; the names are removed anyway in case
  // a library registered them. rawset would let a script write into the shared read-only tables,
  // warn writes to stderr, _G would hand out the shared globals table itself.
  for (const char* name : {"io", "os", "package", "require", "debug", "coroutine", "load", "loadfile", "dofile",
                           "loadstring", "collectgarbage", "print", "warn", "rawset", "_G"}) {
    lua_pushnil(L);
    lua_setfield(L, globals, name);
  }
  // Removed from the real library tables, which strings reach through their metatable too.
  lua_getfield(L, globals, LUA_STRLIBNAME);
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pop(L, 1);
  lua_getfield(L, globals, LUA_MATHLIBNAME);
  for (const char* name : {"random", "randomseed"}) {
    lua_pushnil(L);
    lua_setfield(L, -2, name);
  }
  lua_pop(L, 1);
  // getmetatable("") would otherwise hand out the string metatable and, through it, the real
  // string table.
  lua_pushliteral(L, "");
  if (lua_getmetatable(L, -1)) {
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);

  install_sandbox_functions(L, globals);
  install_date_functions(L, globals);
  install_metered_functions(L, globals);
  for (const char* name : {LUA_STRLIBNAME, LUA_TABLIBNAME, LUA_MATHLIBNAME, LUA_UTF8LIBNAME})
    make_read_only_library(L, globals, name);

  lua_pushvalue(L, 2);  // environment_index
  lua_createtable(L, 0, 2);
  lua_insert(L, -2);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  context.environment_metatable = luaL_ref(L, LUA_REGISTRYINDEX);

  lua_newtable(L);
  context.chunk_cache = luaL_ref(L, LUA_REGISTRYINDEX);
  context.cached_chunks = 0;
  return 0;
}

// Reached only if a Lua error escapes protected mode, which the engine never lets happen.
int panic(lua_State* L) {
  const char* message = lua_tostring(L, -1);
  std::fprintf(stderr, "amtsweg: unprotected Lua error: %s\n", message ? message : "?");
  std::abort();
}

}  // namespace

LuaSandbox::LuaSandbox(const ScriptLimits& limits, lua_CFunction environment_index) {
  context_.memory_limit = limits.max_memory_bytes;
  context_.instruction_limit = std::max<std::int64_t>(limits.max_instructions, 1);
  context_.hook_step = static_cast<int>(std::min<std::int64_t>(1000, context_.instruction_limit));
  const std::string too_small =
      "cannot set up the Lua sandbox: memory limit exceeded (" + std::to_string(limits.max_memory_bytes) + " bytes)";
  lua_State* L = lua_newstate(limited_alloc, &context_);
  if (!L) throw Error(ErrorKind::ScriptFailure, too_small);
  state_.reset(L);
  lua_atpanic(L, panic);
  // Light C functions and light userdata: pushing them allocates nothing, so this is safe
  // outside protected mode; everything that allocates happens inside setup_sandbox.
  lua_pushcfunction(L, setup_sandbox);
  lua_pushlightuserdata(L, &context_);
  lua_pushcfunction(L, environment_index);
  const int status = lua_pcall(L, 2, 0, 0);
  if (status == LUA_ERRMEM) throw Error(ErrorKind::ScriptFailure, too_small);
  if (status != LUA_OK) {
    const char* message = lua_tostring(L, -1);
    throw Error(ErrorKind::ScriptFailure,
                std::string("cannot set up the Lua sandbox: ") + (message ? message : "unknown error"));
  }
  lua_settop(L, 0);
}

SandboxContext& LuaSandbox::context_of(lua_State* L) {
  void* ud = nullptr;
  lua_getallocf(L, &ud);
  return *static_cast<SandboxContext*>(ud);
}

int LuaSandbox::push_chunk(lua_State* L, std::string_view text) {
  auto& context = context_of(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, context.chunk_cache);
  lua_pushlstring(L, text.data(), text.size());
  lua_pushvalue(L, -1);
  if (lua_rawget(L, -3) == LUA_TFUNCTION) {  // [cache, text, function]
    lua_replace(L, -3);
    lua_pop(L, 1);
    return LUA_OK;
  }
  lua_pop(L, 1);
  const int status = luaL_loadbufferx(L, text.data(), text.size(), kChunkName, "t");
  if (status != LUA_OK) {  // [cache, text, message]
    lua_replace(L, -3);
    lua_pop(L, 1);
    return status;
  }
  // Until an evaluation installs its own environment, the chunk must not hold the real globals.
  lua_pushnil(L);
  lua_setupvalue(L, -2, 1);
  if (context.cached_chunks >= kMaxCachedChunks) {  // evict everything: simple and bounded
    lua_newtable(L);
    lua_rawseti(L, LUA_REGISTRYINDEX, context.chunk_cache);
    lua_rawgeti(L, LUA_REGISTRYINDEX, context.chunk_cache);
    lua_replace(L, -4);
    context.cached_chunks = 0;
  }
  lua_pushvalue(L, -1);  // [cache, text, function, function]
  lua_insert(L, -3);     // [cache, function, text, function]
  lua_rawset(L, -4);     // [cache, function]
  ++context.cached_chunks;
  lua_replace(L, -2);
  return LUA_OK;
}

void LuaSandbox::push_environment(lua_State* L) {
  lua_createtable(L, 0, 4);
  lua_rawgeti(L, LUA_REGISTRYINDEX, context_of(L).environment_metatable);
  lua_setmetatable(L, -2);
}

void LuaSandbox::push_safe_global(lua_State* L, int key_index) {
  key_index = lua_absindex(L, key_index);
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  lua_pushvalue(L, key_index);
  lua_rawget(L, -2);
  lua_remove(L, -2);
}

void LuaSandbox::arm_limits(lua_State* L) {
  auto& context = context_of(L);
  context.instructions_run = 0;
  context.budget_exceeded = false;
  context.time_exceeded = false;
  context.budget_reason = nullptr;
  context.deadline_ns = 0;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, context.hook_step);
}

void LuaSandbox::charge(lua_State* L, double instructions, const char* reason) {
  auto& context = context_of(L);
  const double left = static_cast<double>(context.instruction_limit - context.instructions_run);
  if (!context.budget_exceeded && instructions <= left) {
    context.instructions_run += static_cast<std::int64_t>(instructions);
    return;
  }
  if (!context.budget_exceeded) {
    context.budget_reason = reason;
    spend_budget(L, context);
  }
  luaL_error(L, "instruction budget exceeded");
}

void LuaSandbox::disarm_limits(lua_State* L) { lua_sethook(L, nullptr, 0, 0); }

}  // namespace amtsweg::script
