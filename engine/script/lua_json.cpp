// JSON <-> Lua conversion for bindings (JSON -> Lua, in protected mode) and for results and
// written-back case data (Lua -> JSON, in C++ with exceptions, using only non-raising Lua calls).
#include "engine/script/lua_json.hpp"

extern "C" {
#include <lauxlib.h>
}

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

namespace amtsweg::script {
namespace json = boost::json;
namespace {

// The address of this constant identifies the `null` sentinel; it is never written.
constexpr char kNullTag = 0;

// --- JSON -> Lua. Raises Lua errors (longjmp): only trivially destructible locals here. ---

void push_value(lua_State* L, const json::value& value, int depth);

void push_object(lua_State* L, const json::object& object, int depth) {
  lua_createtable(L, 0, static_cast<int>(std::min<std::size_t>(object.size(), 1 << 20)));
  for (const auto& member : object) {
    if (member.value().is_null()) continue;  // an absent key reads as nil, like a null
    const auto key = member.key();
    lua_pushlstring(L, key.data(), key.size());
    push_value(L, member.value(), depth + 1);
    lua_rawset(L, -3);
  }
}

void push_array(lua_State* L, const json::array& array, int depth) {
  lua_createtable(L, static_cast<int>(std::min<std::size_t>(array.size(), 1 << 20)), 0);
  lua_Integer position = 0;
  for (const auto& element : array) {
    // A nil would end the sequence early (# and ipairs stop there); `null` keeps the positions.
    if (element.is_null())
      push_null(L);
    else
      push_value(L, element, depth + 1);
    lua_rawseti(L, -2, ++position);
  }
}

void push_value(lua_State* L, const json::value& value, int depth) {
  if (depth > kMaxJsonDepth) luaL_error(L, "JSON value nested more than %d levels deep", kMaxJsonDepth);
  luaL_checkstack(L, 3, "JSON value nested too deeply");
  switch (value.kind()) {
    case json::kind::null:
      lua_pushnil(L);
      break;
    case json::kind::bool_:
      lua_pushboolean(L, value.get_bool());
      break;
    case json::kind::int64:
      lua_pushinteger(L, value.get_int64());
      break;
    case json::kind::uint64: {
      const std::uint64_t number = value.get_uint64();
      if (number <= static_cast<std::uint64_t>(std::numeric_limits<lua_Integer>::max()))
        lua_pushinteger(L, static_cast<lua_Integer>(number));
      else
        lua_pushnumber(L, static_cast<lua_Number>(number));
      break;
    }
    case json::kind::double_:
      lua_pushnumber(L, value.get_double());
      break;
    case json::kind::string:
      lua_pushlstring(L, value.get_string().data(), value.get_string().size());
      break;
    case json::kind::array:
      push_array(L, value.get_array(), depth);
      break;
    case json::kind::object:
      push_object(L, value.get_object(), depth);
      break;
  }
}

// --- Lua -> JSON. Throws JsonConversionError; calls only Lua functions that cannot raise. ---

bool is_identifier(std::string_view text) {
  if (text.empty() || std::isdigit(static_cast<unsigned char>(text.front()))) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

std::string number_text(lua_Number number) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.14g", number);  // Lua's own LUAI_NUMFFORMAT
  return buffer;
}

// Whether `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF). Lua strings are bytes; JSON text is UTF-8, and a stored string that is not would make
// the whole case unreadable.
bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    std::uint32_t min = 0;
    std::uint32_t code = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      extra = 1, min = 0x80, code = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      extra = 2, min = 0x800, code = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      extra = 3, min = 0x10000, code = byte & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // the sequence is cut off
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

class LuaToJson {
 public:
  LuaToJson(lua_State* L, std::string_view root) : L_(L), path_(root) {}

  json::value convert(int index, int depth) {
    index = lua_absindex(L_, index);
    switch (lua_type(L_, index)) {
      case LUA_TNONE:
      case LUA_TNIL:
        return nullptr;
      case LUA_TBOOLEAN:
        return json::value(static_cast<bool>(lua_toboolean(L_, index)));
      case LUA_TNUMBER: {
        if (lua_isinteger(L_, index)) return json::value(static_cast<std::int64_t>(lua_tointeger(L_, index)));
        const double number = lua_tonumber(L_, index);
        if (!std::isfinite(number)) fail(" is " + number_text(number) + ", which JSON cannot represent");
        return json::value(number);
      }
      case LUA_TSTRING: {
        std::size_t length = 0;
        const char* text = lua_tolstring(L_, index, &length);  // a string: no conversion, no allocation
        if (!is_utf8(std::string_view(text, length))) fail(" is a string that is not valid UTF-8");
        return json::value(json::string_view(text, length));
      }
      case LUA_TLIGHTUSERDATA:
        if (is_null(L_, index)) return nullptr;
        fail(" is a userdata value, which has no JSON form");
      case LUA_TTABLE:
        return convert_table(index, depth);
      default:
        fail(std::string(" is a ") + lua_typename(L_, lua_type(L_, index)) + ", which has no JSON form");
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw JsonConversionError(path_ + what); }

  json::value convert_table(int index, int depth) {
    if (depth >= kMaxJsonDepth) fail(" is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
    const void* identity = lua_topointer(L_, index);
    if (std::find(open_tables_.begin(), open_tables_.end(), identity) != open_tables_.end())
      fail(" contains itself (a cycle), which has no JSON form");
    if (!lua_checkstack(L_, 4)) fail(" is nested too deeply");
    open_tables_.push_back(identity);
    const lua_Integer length = sequence_length(index);
    json::value result = length > 0 ? convert_array(index, length, depth) : convert_object(index, depth);
    open_tables_.pop_back();
    return result;
  }

  // n when the table's keys are exactly the integers 1..n, else 0.
  lua_Integer sequence_length(int index) {
    lua_Integer entries = 0, largest = 0;
    lua_pushnil(L_);
    while (lua_next(L_, index)) {
      lua_pop(L_, 1);
      if (!lua_isinteger(L_, -1) || lua_tointeger(L_, -1) < 1) {
        lua_pop(L_, 1);
        return 0;
      }
      largest = std::max(largest, static_cast<lua_Integer>(lua_tointeger(L_, -1)));
      ++entries;
    }
    return largest == entries ? entries : 0;
  }

  json::value convert_array(int index, lua_Integer length, int depth) {
    json::array array;
    array.reserve(static_cast<std::size_t>(length));
    const std::size_t path_length = path_.size();
    for (lua_Integer i = 1; i <= length; ++i) {
      lua_rawgeti(L_, index, i);
      path_ += "[" + std::to_string(i) + "]";
      array.push_back(convert(-1, depth + 1));
      path_.resize(path_length);
      lua_pop(L_, 1);
    }
    return array;
  }

  json::value convert_object(int index, int depth) {
    std::vector<std::pair<std::string, json::value>> members;
    const std::size_t path_length = path_.size();
    lua_pushnil(L_);
    while (lua_next(L_, index)) {  // [key, value]
      std::string key = key_text(-2);
      path_ += is_identifier(key) ? "." + key : "[\"" + key + "\"]";
      json::value value = convert(-1, depth + 1);
      path_.resize(path_length);
      lua_pop(L_, 1);
      members.emplace_back(std::move(key), std::move(value));
    }
    // Sorted, because Lua's traversal order depends on a per-state random hash seed.
    std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    json::object object;
    object.reserve(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (i > 0 && members[i].first == members[i - 1].first)
        fail(" has the key \"" + members[i].first + "\" twice (as a number and as a string)");
      object.emplace(members[i].first, std::move(members[i].second));
    }
    return object;
  }

  std::string key_text(int index) const {
    switch (lua_type(L_, index)) {
      case LUA_TSTRING: {
        std::size_t length = 0;
        const char* text = lua_tolstring(L_, index, &length);
        if (!is_utf8(std::string_view(text, length))) fail(" has a key that is not valid UTF-8");
        return std::string(text, length);
      }
      case LUA_TNUMBER:  // never lua_tolstring here: it would turn the key into a string in place
        return lua_isinteger(L_, index) ? std::to_string(lua_tointeger(L_, index))
                                        : number_text(lua_tonumber(L_, index));
      case LUA_TBOOLEAN:
        return lua_toboolean(L_, index) ? "true" : "false";
      default:
        fail(std::string(" has a key of type ") + lua_typename(L_, lua_type(L_, index)) +
             ", which JSON cannot represent");
    }
  }

  lua_State* L_;
  std::string path_;
  std::vector<const void*> open_tables_;  // the tables on the current path, to detect cycles
};

}  // namespace

void push_null(lua_State* L) { lua_pushlightuserdata(L, const_cast<char*>(&kNullTag)); }

bool is_null(lua_State* L, int index) {
  return lua_type(L, index) == LUA_TLIGHTUSERDATA && lua_touserdata(L, index) == &kNullTag;
}

void push_json(lua_State* L, const json::value& value) { push_value(L, value, 0); }

void push_json_object(lua_State* L, const json::object& object) {
  luaL_checkstack(L, 3, "JSON value nested too deeply");
  push_object(L, object, 0);
}

json::value to_json(lua_State* L, int index, std::string_view root) { return LuaToJson(L, root).convert(index, 0); }

}  // namespace amtsweg::script
