// Sandboxed Lua 5.4 for guards (`when:`), computed values (`= expr`), templates and scripts.
// No io/os/package/require/load/dofile/string.dump; text chunks only; per-evaluation instruction budget and memory cap.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/clock.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

class WorkingCalendar;

struct ScriptLimits {
  std::int64_t max_instructions = 1'000'000;  // per evaluation
  std::size_t max_memory_bytes = 32u << 20;   // per Lua state
};

enum class CodeKind {
  Expression,  // compiled as `return (<code>)`
  Script,      // a block of statements
};

struct SyntaxError {
  int line = 1;         // 1-based line within the code
  std::string message;  // Lua's message without the chunk name prefix
};

// Compiles `code` without running it; nullopt when it is valid Lua.
std::optional<SyntaxError> check_syntax(std::string_view code, CodeKind kind);

// What a script sees. Pointers may be null (the name is then nil in Lua).
// Values are converted to Lua lazily, on first access of the name.
struct ScriptBindings {
  boost::json::object* data = nullptr;  // case data; only run() writes changes back
  const boost::json::value* task = nullptr;
  const boost::json::value* event = nullptr;
  const boost::json::value* params = nullptr;
  const boost::json::value* case_info = nullptr;  // visible as `case`
  const boost::json::value* related = nullptr;    // array of related cases
  Timestamp now = 0;                              // visible as `now`, an ISO-8601 UTC string
  const WorkingCalendar* calendar = nullptr;      // add_working_days() counts in it (null: the default)
  std::string_view source_name;                   // for error messages: "file:line:col: ..."
};

// One Lua state, reused across evaluations; compiled chunks are cached by code text.
// Not thread-safe: one ScriptEngine per thread (the engine's writer thread owns one).
// Every failure (syntax, run-time error, budget or memory exceeded) throws
// Error{ScriptFailure} whose message names source_name:line:column of the code.
class ScriptEngine {
 public:
  explicit ScriptEngine(ScriptLimits limits = {});
  ~ScriptEngine();
  ScriptEngine(const ScriptEngine&) = delete;
  ScriptEngine& operator=(const ScriptEngine&) = delete;

  // A guard: true when the expression's value is neither nil nor false (nor the `null` sentinel,
  // which stands for JSON null).
  bool test(const Expression& guard, const ScriptBindings& bindings);
  // A computed value, converted to JSON (tables with keys 1..n become arrays).
  boost::json::value evaluate(const Expression& expression, const ScriptBindings& bindings);
  // A script; assignments to `data` (and its nested tables) are written back to *bindings.data.
  void run(const Expression& script, const ScriptBindings& bindings);
  // Renders a template: every "{{ expr }}" is replaced by the expression's value as text
  // (nil -> empty). `pos` is where the template text starts in the source.
  std::string render(std::string_view text, SourcePos pos, const ScriptBindings& bindings);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The expressions inside a template's "{{ ... }}" with their byte offsets in the text
// (used by validation to check their syntax).
struct TemplateExpression {
  std::size_t offset = 0;  // where `code` (trimmed of surrounding blanks) starts in the text
  std::string code;
};
std::vector<TemplateExpression> template_expressions(std::string_view text);

}  // namespace amtsweg
