// Conversion between Boost.JSON values and Lua values: objects and arrays <-> tables, null <-> nil
// (or the `null` sentinel where a hole would break an array), int64 <-> integer, double <-> float.
#pragma once

extern "C" {
#include <lua.h>
}

#include <boost/json/value.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace amtsweg::script {

// Nesting deeper than this is refused in both directions (it also bounds the C recursion).
inline constexpr int kMaxJsonDepth = 200;

// A Lua value that has no JSON form (a function, a cycle, a mixed key clash, ...); the message
// names the offending path, e.g. "data.items[2].handler is a function".
class JsonConversionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The value scripts see as `null`: JSON null inside arrays and wherever a script wants to store
// an explicit null. A light userdata, so pushing it never allocates.
void push_null(lua_State* L);
bool is_null(lua_State* L, int index);

// Pushes `value` as a Lua value; object members that are null are left out (nil), array elements
// that are null become `null`. Must run in protected mode: it raises Lua errors (memory, depth).
void push_json(lua_State* L, const boost::json::value& value);
void push_json_object(lua_State* L, const boost::json::object& object);

// Converts the Lua value at `index` to JSON. Tables whose keys are exactly 1..n (n >= 1) become
// arrays, other tables objects with keys as strings in sorted order (the empty table becomes {}).
// Throws JsonConversionError naming the path below `root` (e.g. "data"). Uses only Lua API calls
// that cannot raise errors, so it may run outside protected mode.
boost::json::value to_json(lua_State* L, int index, std::string_view root);

}  // namespace amtsweg::script
