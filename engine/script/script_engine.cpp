// The ScriptEngine: runs guards, computed values, scripts and templates in the Lua sandbox with
// lazily converted bindings, and reports every failure as Error{ScriptFailure} at source:line:column.
#include "engine/script/script_engine.hpp"

extern "C" {
#include <lauxlib.h>
}

#include <algorithm>
#include <boost/json.hpp>
#include <cstring>
#include <string>
#include <utility>

#include "engine/error.hpp"
#include "engine/model/json_kind.hpp"
#include "engine/script/lua_json.hpp"
#include "engine/script/sandbox.hpp"
#include "engine/script/template.hpp"

namespace amtsweg {
namespace json = boost::json;
using script::LuaSandbox;

namespace {

// The names a script sees besides the safe globals; bits so an Evaluation can record which ones
// it has converted.
enum Binding : unsigned {
  kNoBinding = 0,
  kData = 1u << 0,
  kTask = 1u << 1,
  kEvent = 1u << 2,
  kParams = 1u << 3,
  kCase = 1u << 4,
  kRelated = 1u << 5,
  kNow = 1u << 6,
  kGlobalsAlias = 1u << 7,  // _G: the evaluation's own environment
};

Binding binding_named(std::string_view name) {
  if (name == "data") return kData;
  if (name == "task") return kTask;
  if (name == "event") return kEvent;
  if (name == "params") return kParams;
  if (name == "case") return kCase;
  if (name == "related") return kRelated;
  if (name == "now") return kNow;
  if (name == "_G") return kGlobalsAlias;
  return kNoBinding;
}

// One call into the sandbox: what to run, what it sees, and what the Lua side found out.
struct Evaluation {
  std::string_view chunk_text;
  const ScriptBindings* bindings = nullptr;
  bool wants_data = false;  // run(): hand back the environment's `data` afterwards
  unsigned converted = 0;   // Binding bits converted to Lua so far
  int error_line = 0;       // line of the chunk where a run-time error happened (0: unknown)
};

Evaluation& current_evaluation(lua_State* L) { return *static_cast<Evaluation*>(LuaSandbox::context_of(L).evaluation); }

bool write_now(Timestamp now, char (&out)[40]) noexcept {
  try {
    const std::string text = format_timestamp(now);
    if (text.size() >= sizeof out) return false;
    std::memcpy(out, text.c_str(), text.size() + 1);
    return true;
  } catch (...) {
    return false;
  }
}

// Pushes the Lua value of a binding (nil when it is not given). Protected mode.
void push_binding(lua_State* L, const ScriptBindings& bindings, Binding binding) {
  const json::value* value = nullptr;
  switch (binding) {
    case kData:
      if (bindings.data)
        script::push_json_object(L, *bindings.data);
      else
        lua_pushnil(L);
      return;
    case kNow: {
      char text[40];
      if (!write_now(bindings.now, text)) luaL_error(L, "cannot format the time");
      lua_pushstring(L, text);
      return;
    }
    case kTask:
      value = bindings.task;
      break;
    case kEvent:
      value = bindings.event;
      break;
    case kParams:
      value = bindings.params;
      break;
    case kCase:
      value = bindings.case_info;
      break;
    case kRelated:
      value = bindings.related;
      break;
    default:
      break;
  }
  if (value)
    script::push_json(L, *value);
  else
    lua_pushnil(L);
}

// __index of every evaluation environment: converts a binding on first use and stores it in the
// environment (so the next access is a plain table read); everything else reads the safe globals.
int environment_index(lua_State* L) {
  Evaluation& evaluation = current_evaluation(L);
  if (lua_type(L, 2) == LUA_TSTRING) {
    std::size_t length = 0;
    const char* name = lua_tolstring(L, 2, &length);
    const Binding binding = binding_named(std::string_view(name, length));
    if (binding == kGlobalsAlias) {
      lua_pushvalue(L, 1);
      return 1;
    }
    if (binding != kNoBinding) {
      // Converted before and now absent: the script assigned nil; do not bring the value back.
      if (evaluation.converted & binding) {
        lua_pushnil(L);
        return 1;
      }
      evaluation.converted |= binding;
      push_binding(L, *evaluation.bindings, binding);
      lua_pushvalue(L, 2);
      lua_pushvalue(L, -2);
      lua_rawset(L, 1);
      return 1;
    }
  }
  LuaSandbox::push_safe_global(L, 2);
  return 1;
}

// Message handler of the script call: remembers the line of the chunk where the error happened
// (Lua's own "code:N:" prefix is missing for errors raised in C functions) and makes sure the
// message is a string. Runs before the stack is unwound; it calls no Lua code.
int capture_error_line(lua_State* L) {
  Evaluation& evaluation = current_evaluation(L);
  lua_Debug frame;
  for (int level = 0; lua_getstack(L, level, &frame); ++level) {
    if (lua_getinfo(L, "Sl", &frame) && frame.currentline > 0 && std::strcmp(frame.source, script::kChunkName) == 0) {
      evaluation.error_line = frame.currentline;
      break;
    }
  }
  if (lua_type(L, 1) == LUA_TNUMBER) lua_tostring(L, 1);  // converts in place
  if (lua_type(L, 1) != LUA_TSTRING) lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  return 1;
}

// The whole evaluation inside one protected call, so that memory errors anywhere (compiling,
// building the environment, converting bindings) are caught. Argument: the Evaluation.
// Returns the script's status and its result (or error message); for run() the result is the
// environment's `data`.
int run_protected(lua_State* L) {
  const Evaluation& evaluation = *static_cast<const Evaluation*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  const int load_status = LuaSandbox::push_chunk(L, evaluation.chunk_text);  // 1
  if (load_status != LUA_OK) {
    lua_pushinteger(L, load_status);
    lua_insert(L, 1);
    return 2;
  }
  LuaSandbox::push_environment(L);  // 2
  lua_pushvalue(L, 2);
  lua_setupvalue(L, 1, 1);                   // the chunk's _ENV
  lua_pushcfunction(L, capture_error_line);  // 3
  lua_pushvalue(L, 1);                       // 4
  LuaSandbox::arm_limits(L);
  const int status = lua_pcall(L, 0, 1, 3);
  LuaSandbox::disarm_limits(L);
  lua_pushnil(L);
  lua_setupvalue(L, 1, 1);  // the cached chunk must not keep this environment alive
  if (status == LUA_OK && evaluation.wants_data) {
    lua_pushliteral(L, "data");
    lua_rawget(L, 2);
    lua_replace(L, 4);
  }
  lua_pushinteger(L, status);
  lua_replace(L, 3);
  return 2;
}

std::string chunk_text(std::string_view code, CodeKind kind) {
  if (kind == CodeKind::Script) return std::string(code);
  // The newline keeps a trailing "-- comment" from swallowing the parenthesis.
  std::string text;
  text.reserve(code.size() + 10);
  text.append("return (").append(code).append("\n)");
  return text;
}

int line_count(std::string_view code) { return 1 + static_cast<int>(std::count(code.begin(), code.end(), '\n')); }

// Splits Lua's "code:12: message" into 12 and "message"; line 0 when there is no such prefix.
std::pair<int, std::string> split_lua_position(std::string_view message) {
  if (message.substr(0, script::kChunkPrefix.size()) != script::kChunkPrefix) return {0, std::string(message)};
  std::size_t i = script::kChunkPrefix.size();
  int line = 0;
  const std::size_t digits_begin = i;
  while (i < message.size() && message[i] >= '0' && message[i] <= '9' && i - digits_begin < 9)
    line = line * 10 + (message[i++] - '0');
  if (i == digits_begin || i >= message.size() || message[i] != ':') return {0, std::string(message)};
  ++i;
  if (i < message.size() && message[i] == ' ') ++i;
  return {line, std::string(message.substr(i))};
}

// "file:12:5: " for a line of the code (1-based) whose text starts at `start`.
std::string source_prefix(std::string_view source_name, SourcePos start, int code_line) {
  if (start.line <= 0) start = {1, 1};  // not from a file: the code is its own source
  code_line = std::max(code_line, 1);
  const int line = start.line + code_line - 1;
  const int column = code_line == 1 ? std::max(start.column, 1) : 1;
  return std::string(source_name.empty() ? "<script>" : source_name) + ":" + std::to_string(line) + ":" +
         std::to_string(column) + ": ";
}

// The written-back data keeps the original member order (and explicit nulls the script could not
// see), new members follow in sorted order, and an emptied array stays an array: history diffs
// then show only what the script really changed.
json::value keep_original_shape(json::value changed, const json::value& original) {
  if (changed.is_object() && original.is_object()) {
    json::object& now = changed.as_object();
    const json::object& before = original.as_object();
    json::object ordered;
    ordered.reserve(now.size() + before.size());
    for (const auto& member : before) {
      const auto found = now.find(member.key());
      if (found != now.end())
        ordered.emplace(member.key(), keep_original_shape(std::move(found->value()), member.value()));
      else if (member.value().is_null())
        ordered.emplace(member.key(), nullptr);
    }
    for (auto& member : now)
      if (!before.contains(member.key())) ordered.emplace(member.key(), std::move(member.value()));
    return ordered;
  }
  if (changed.is_object() && changed.as_object().empty() && original.is_array()) return json::array{};
  if (changed.is_array() && original.is_array()) {
    json::array& now = changed.as_array();
    const json::array& before = original.as_array();
    for (std::size_t i = 0; i < std::min(now.size(), before.size()); ++i)
      now[i] = keep_original_shape(std::move(now[i]), before[i]);
  }
  return changed;
}

// As Lua calls it: JSON null is nil there.
const char* kind_name(const json::value& value) { return value.is_null() ? "nil" : json_kind_name(value); }

}  // namespace

struct ScriptEngine::Impl {
  explicit Impl(ScriptLimits l) : limits(l) {}

  ScriptLimits limits;
  std::unique_ptr<LuaSandbox> sandbox;  // recreated after a memory failure

  LuaSandbox& ensure_sandbox() {
    if (!sandbox) sandbox = std::make_unique<LuaSandbox>(limits, environment_index);
    return *sandbox;
  }

  // Runs `code` and hands the result (stack index 2) to consume(L, index, evaluation).
  // `what` names the kind of code in messages ("guard", "script", ...).
  template <class Consume>
  void execute(std::string_view what, const Expression& code, CodeKind kind, const ScriptBindings& bindings,
               bool wants_data, Consume&& consume) {
    LuaSandbox& box = ensure_sandbox();
    lua_State* L = box.state();
    script::SandboxContext& context = box.context();
    const std::string text = chunk_text(code.code, kind);
    Evaluation evaluation{text, &bindings, wants_data};

    lua_settop(L, 0);
    context.memory_refused = false;
    context.budget_exceeded = false;
    context.time_exceeded = false;
    context.evaluation = &evaluation;
    context.calendar = bindings.calendar;
    lua_pushcfunction(L, run_protected);
    lua_pushlightuserdata(L, &evaluation);
    const int call_status = lua_pcall(L, 1, 2, 0);
    context.evaluation = nullptr;
    context.calendar = nullptr;
    const int status = call_status == LUA_OK ? static_cast<int>(lua_tointeger(L, 1)) : call_status;
    if (status != LUA_OK) fail(what, code, bindings, status, evaluation);

    struct ClearStack {
      lua_State* L;
      ~ClearStack() { lua_settop(L, 0); }
    } clear{L};
    try {
      consume(L, 2, evaluation);
    } catch (const script::JsonConversionError& e) {
      throw Error(ErrorKind::ScriptFailure,
                  source_prefix(bindings.source_name, code.pos, 1) + std::string(what) + " failed: " + e.what());
    }
  }

  // Turns the failed call's message (top of the stack) into an Error; after a memory failure the
  // state is dropped and rebuilt on the next call, so nothing half-allocated is ever reused.
  [[noreturn]] void fail(std::string_view what, const Expression& code, const ScriptBindings& bindings, int status,
                         const Evaluation& evaluation) {
    lua_State* L = sandbox->state();
    const script::SandboxContext& context = sandbox->context();
    std::size_t length = 0;
    const char* raw = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &length) : nullptr;
    const std::string message = raw ? std::string(raw, length) : "unknown error";
    auto [line, detail] = split_lua_position(message);
    if (line == 0) line = evaluation.error_line;
    bool memory_failure = false;
    if (context.time_exceeded) {
      detail = "time limit exceeded (" + std::to_string(script::kMaxDuration.count()) + " ms)";
    } else if (context.budget_exceeded) {
      detail = "instruction budget exceeded (" + std::to_string(limits.max_instructions) + " instructions)";
      if (context.budget_reason) detail += std::string(": ") + context.budget_reason;
    } else if (status == LUA_ERRMEM || (context.memory_refused && detail == "not enough memory")) {
      detail = "memory limit exceeded (" + std::to_string(limits.max_memory_bytes) + " bytes)";
      memory_failure = true;
    } else if (status == LUA_ERRSYNTAX) {
      detail = "syntax error: " + detail;
    }
    // An expression's closing ")" sits on an extra line, and Lua attributes a pending index or
    // call to the line where the expression ends: that is the code's last line.
    line = std::min(line, line_count(code.code));
    lua_settop(L, 0);
    if (memory_failure) sandbox.reset();
    throw Error(ErrorKind::ScriptFailure,
                source_prefix(bindings.source_name, code.pos, line) + std::string(what) + " failed: " + detail);
  }
};

ScriptEngine::ScriptEngine(ScriptLimits limits) : impl_(std::make_unique<Impl>(limits)) { impl_->ensure_sandbox(); }

ScriptEngine::~ScriptEngine() = default;

bool ScriptEngine::test(const Expression& guard, const ScriptBindings& bindings) {
  bool holds = false;
  impl_->execute("guard", guard, CodeKind::Expression, bindings, false,
                 [&](lua_State* L, int index, const Evaluation&) {
                   holds = lua_toboolean(L, index) && !script::is_null(L, index);  // JSON null is false, too
                 });
  return holds;
}

json::value ScriptEngine::evaluate(const Expression& expression, const ScriptBindings& bindings) {
  json::value result;
  impl_->execute("expression", expression, CodeKind::Expression, bindings, false,
                 [&](lua_State* L, int index, const Evaluation&) { result = script::to_json(L, index, "value"); });
  return result;
}

void ScriptEngine::run(const Expression& script, const ScriptBindings& bindings) {
  impl_->execute(
      "script", script, CodeKind::Script, bindings, true, [&](lua_State* L, int index, const Evaluation& evaluation) {
        if (!bindings.data) return;
        const bool read = evaluation.converted & kData;
        const bool assigned = !lua_isnil(L, index);
        if (!read && !assigned) return;  // data untouched: nothing to write back
        json::value changed = script::to_json(L, index, "data");
        if (!changed.is_object())
          throw script::JsonConversionError(std::string("data must stay an object, but the script made it ") +
                                            kind_name(changed));
        json::value shaped = keep_original_shape(std::move(changed), json::value(*bindings.data));
        *bindings.data = std::move(shaped.as_object());
      });
}

std::string ScriptEngine::render(std::string_view text, SourcePos pos, const ScriptBindings& bindings) {
  std::string rendered;
  std::size_t cursor = 0;
  for (const auto& span : script::template_spans(text)) {
    rendered.append(text.substr(cursor, span.open - cursor));
    const Expression expression{std::string(span.code), script::position_in_text(text, span.code_offset, pos)};
    impl_->execute("template expression", expression, CodeKind::Expression, bindings, false,
                   [&](lua_State* L, int index, const Evaluation&) { rendered += script::template_text(L, index); });
    cursor = span.end;
  }
  rendered.append(text.substr(cursor));
  return rendered;
}

std::optional<SyntaxError> check_syntax(std::string_view code, CodeKind kind) {
  struct StateCloser {
    void operator()(lua_State* L) const { lua_close(L); }
  };
  // A throwaway state without any library: compiling needs none, and nothing is run.
  const std::unique_ptr<lua_State, StateCloser> state(luaL_newstate());
  if (!state) throw Error(ErrorKind::ScriptFailure, "cannot create a Lua state");
  const std::string text = chunk_text(code, kind);
  if (luaL_loadbufferx(state.get(), text.data(), text.size(), script::kChunkName, "t") == LUA_OK) return std::nullopt;
  const char* message = lua_tostring(state.get(), -1);
  auto [line, detail] = split_lua_position(message ? message : "unknown error");
  return SyntaxError{std::clamp(line, 1, line_count(code)), std::move(detail)};
}

}  // namespace amtsweg
