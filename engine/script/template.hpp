// Internal helpers of template rendering: where an expression inside a template starts in the
// source, and how a Lua value is written into the rendered text.
#pragma once

extern "C" {
#include <lua.h>
}

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/model/definition.hpp"

#include <vector>

namespace amtsweg::script {

// One "{{ code }}" in a template: the whole span [open, end) and the trimmed code inside.
struct TemplateSpan {
  std::size_t open = 0;         // offset of "{{"
  std::size_t end = 0;          // offset just after "}}"
  std::size_t code_offset = 0;  // offset of the trimmed code
  std::string_view code;
};

// The spans in text order. An expression ends at the first "}}" outside Lua braces and quoted
// strings ("{{ {a = {}} }}" works); an unterminated "{{" and everything after it is literal text.
std::vector<TemplateSpan> template_spans(std::string_view text);

// The source position of byte `offset` of a template whose text starts at `start`.
SourcePos position_in_text(std::string_view text, std::size_t offset, SourcePos start);

// The text of the Lua value at `index`: nil and null -> "", integral numbers without ".0", other
// numbers as Lua prints them, strings as they are, booleans as true/false, tables as compact JSON.
// Throws JsonConversionError for values without a text form (functions, cycles, ...).
std::string template_text(lua_State* L, int index);

}  // namespace amtsweg::script
