// Compiles (never runs) every piece of Lua in a definition through the script engine and maps
// Lua's "line N" back to the definition file.
#include "engine/dsl/code_checks.hpp"

#include <string>

#include "engine/script/script_engine.hpp"

namespace amtsweg {
namespace {

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The file position of line `code_line` (1-based) of `code`: the code's own start on line 1,
// else the first non-space character of that line.
SourcePos position_in_code(const Expression& code, int code_line) {
  if (code_line <= 1) return code.pos;
  // Lines after the first are whole source lines (block scalars): find that line's indentation.
  std::size_t start = 0;
  for (int line = 1; line < code_line && start != std::string::npos; ++line) {
    start = code.code.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  int indent = 0;
  if (start != std::string::npos)
    while (start + indent < code.code.size() && (code.code[start + indent] == ' ' || code.code[start + indent] == '\t'))
      ++indent;
  return {code.pos.line + code_line - 1, code.pos.column + indent};
}

// The file position of byte `offset` of a template whose text starts at `text_pos`.
SourcePos position_in_text(std::string_view text, SourcePos text_pos, std::size_t offset) {
  SourcePos at = text_pos;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = text_pos.column;
    } else if (!is_utf8_continuation(text[i])) {
      ++at.column;
    }
  }
  return at;
}

class CodeChecker {
 public:
  CodeChecker(const ProcessDefinition& definition, Diagnostics& out) : file_(definition.source_name), out_(out) {}

  void check(const Expression& code, CodeKind kind, std::string_view what) {
    auto error = check_syntax(code.code, kind);
    if (!error) return;
    out_.push_back(Diagnostic{file_, position_in_code(code, error->line),
                              "Lua syntax error in " + std::string(what) + ": " + error->message});
  }

  void check_value(const ValueSpec& value) {
    if (value.expression) check(*value.expression, CodeKind::Expression, "expression");
  }

  void check_template(const std::string& text, SourcePos text_pos) {
    for (const auto& part : template_expressions(text)) {
      // The code starts after "{{" and any spaces, wherever the offset points to.
      std::size_t offset = part.offset;
      if (text.compare(offset, 2, "{{") == 0) offset += 2;
      while (offset < text.size() && (text[offset] == ' ' || text[offset] == '\t')) ++offset;
      check(Expression{part.code, position_in_text(text, text_pos, offset)}, CodeKind::Expression, "template");
    }
  }

  void check_actions(const std::vector<Action>& actions) {
    for (const auto& action : actions) {
      if (action.guard) check(*action.guard, CodeKind::Expression, "guard");
      if (auto* set = std::get_if<SetAction>(&action.body)) {
        for (const auto& [path, value] : set->fields) check_value(value);
      } else if (auto* emit = std::get_if<EmitAction>(&action.body)) {
        for (const auto& [field, value] : emit->payload) check_value(value);
      } else if (auto* notify = std::get_if<NotifyAction>(&action.body)) {
        check_template(notify->subject, notify->subject_pos);
        check_template(notify->text, notify->text_pos);
      } else if (auto* script = std::get_if<ScriptAction>(&action.body)) {
        check(script->code, CodeKind::Script, "script");
      } else if (auto* assign = std::get_if<AssignAction>(&action.body)) {
        if (assign->user) check_value(*assign->user);
        if (assign->role) check_value(*assign->role);
      }
    }
  }

  void check_transition(const Transition& transition) {
    if (transition.guard) check(*transition.guard, CodeKind::Expression, "guard");
    check_actions(transition.actions);
  }

  void check_states(const std::vector<StateDef>& states) {
    for (const auto& state : states) {
      check_actions(state.entry);
      check_actions(state.exit);
      for (const auto& [event, transitions] : state.on)
        for (const auto& transition : transitions) check_transition(transition);
      for (const auto& transition : state.always) check_transition(transition);
      for (const auto& timer : state.after) {
        if (timer.at) check(*timer.at, CodeKind::Expression, "expression");
        check_transition(timer.transition);
      }
      if (state.task) {
        check_template(state.task->title, state.task->title_pos);
        check_template(state.task->description, state.task->description_pos);
        if (state.task->assignee) check_value(*state.task->assignee);
        if (state.task->requires_document_when)
          check(*state.task->requires_document_when, CodeKind::Expression, "guard");
      }
      for (const auto& region : state.regions) check_states(region.states);
      for (const auto& transition : state.join) check_transition(transition);
    }
  }

 private:
  const std::string& file_;
  Diagnostics& out_;
};

}  // namespace

void check_code(const ProcessDefinition& definition, Diagnostics& out) {
  CodeChecker checker(definition, out);
  for (const auto& [name, code] : definition.correlate.keys)
    checker.check(code, CodeKind::Expression, "correlation key");
  if (definition.correlate.related)
    checker.check(*definition.correlate.related, CodeKind::Expression, "correlation key");
  checker.check_template(definition.summary, definition.summary_pos);
  checker.check_states(definition.states);
}

}  // namespace amtsweg
