// Templates ("Ihr Antrag {{ case.id }} ist eingegangen"): finding the {{ }} expressions, mapping
// their positions into the source, and turning expression values into text.
#include "engine/script/template.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>

#include "engine/script/lua_json.hpp"
#include "engine/script/script_engine.hpp"

namespace amtsweg {
namespace script {
namespace json = boost::json;
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Integral floats are written without ".0" (a fee of 12.0 reads "12"); others as Lua prints them.
std::string float_text(double number) {
  if (std::isfinite(number) && std::floor(number) == number && number >= -9.2233720368547758e18 &&
      number < 9.2233720368547758e18)
    return std::to_string(static_cast<long long>(number));
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.14g", number);
  return buffer;
}

void append_compact_json(std::string& out, const json::value& value) {
  switch (value.kind()) {
    case json::kind::null:
      out += "null";
      break;
    case json::kind::bool_:
      out += value.get_bool() ? "true" : "false";
      break;
    case json::kind::int64:
      out += std::to_string(value.get_int64());
      break;
    case json::kind::uint64:
      out += std::to_string(value.get_uint64());
      break;
    case json::kind::double_:
      out += std::isfinite(value.get_double()) ? float_text(value.get_double()) : "null";
      break;
    case json::kind::string:
      out += json::serialize(value.get_string());
      break;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& element : value.get_array()) {
        if (!first) out += ',';
        first = false;
        append_compact_json(out, element);
      }
      out += ']';
      break;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& member : value.get_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::string_view(member.key()));
        out += ':';
        append_compact_json(out, member.value());
      }
      out += '}';
      break;
    }
  }
}

// The "}}" that ends an expression starting at `from`: the first one outside Lua braces and
// quoted strings, so that "{{ {a = {}} }}" works; else simply the first "}}".
std::size_t find_close(std::string_view text, std::size_t from) {
  int depth = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'' || c == '"') {
      for (++i; i < text.size() && text[i] != c; ++i)
        if (text[i] == '\\') ++i;
    } else if (c == '}' && depth == 0 && i + 1 < text.size() && text[i + 1] == '}') {
      return i;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      --depth;
    }
  }
  return text.find("}}", from);
}

}  // namespace

std::vector<TemplateSpan> template_spans(std::string_view text) {
  std::vector<TemplateSpan> spans;
  std::size_t cursor = 0;
  while (true) {
    const std::size_t open = text.find("{{", cursor);
    if (open == std::string_view::npos) break;
    const std::size_t close = find_close(text, open + 2);
    if (close == std::string_view::npos) break;
    std::size_t begin = open + 2, finish = close;
    while (begin < finish && is_space(text[begin])) ++begin;
    while (finish > begin && is_space(text[finish - 1])) --finish;
    spans.push_back({open, close + 2, begin, text.substr(begin, finish - begin)});
    cursor = close + 2;
  }
  return spans;
}

SourcePos position_in_text(std::string_view text, std::size_t offset, SourcePos start) {
  if (start.line <= 0) start = {1, 1};  // not from a file: the template is its own source
  SourcePos position = start;
  std::size_t line_begin = 0;
  bool first_line = true;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++position.line;
      line_begin = i + 1;
      first_line = false;
    }
  }
  const int column_in_line = static_cast<int>(offset - line_begin);
  position.column = first_line ? std::max(start.column, 1) + column_in_line : column_in_line + 1;
  return position;
}

std::string template_text(lua_State* L, int index) {
  switch (lua_type(L, index)) {
    case LUA_TNONE:
    case LUA_TNIL:
      return "";
    case LUA_TBOOLEAN:
      return lua_toboolean(L, index) ? "true" : "false";
    case LUA_TNUMBER:
      return lua_isinteger(L, index) ? std::to_string(lua_tointeger(L, index)) : float_text(lua_tonumber(L, index));
    case LUA_TSTRING: {
      std::size_t length = 0;
      const char* text = lua_tolstring(L, index, &length);
      return std::string(text, length);
    }
    default: {
      if (is_null(L, index)) return "";
      std::string out;
      append_compact_json(out, to_json(L, index, "the value"));
      return out;
    }
  }
}

}  // namespace script

std::vector<TemplateExpression> template_expressions(std::string_view text) {
  std::vector<TemplateExpression> expressions;
  for (const auto& span : script::template_spans(text))
    expressions.push_back({span.code_offset, std::string(span.code)});
  return expressions;
}

}  // namespace amtsweg
