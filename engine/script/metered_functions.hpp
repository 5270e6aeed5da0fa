// Guards around the string and table functions whose loops run in C, where the instruction hook
// never fires: each charges its worst-case work to the evaluation's budget before it runs.
#pragma once

extern "C" {
#include <lua.h>
}

#include <cstddef>
#include <string_view>

namespace amtsweg::script {

// How many steps matching `pattern` (a Lua pattern, or a plain string when `plain`) anywhere in a
// subject of `subject_length` bytes may take at worst. Every quantified item (*, +, -, %b) may
// try each position of the subject for each choice of the items before it, each ? doubles the
// choices, and each attempt compares up to the whole pattern; so "a*a*a*b" on 300 bytes is about
// 7e10 steps, "%d+" on 20 bytes about 1,300.
double pattern_worst_case(std::string_view pattern, std::size_t subject_length, bool plain);

// Wraps, in the real library tables at `globals` (which strings reach through their metatable
// too): string.find, match, gmatch, gsub (charged by pattern_worst_case), string.rep (an empty
// result is built without looping), table.concat, insert, remove, move, sort (charged by the
// elements they visit; a table with a __len metamethod is refused, so the length they loop over is
// the one that was charged). Runs in protected mode (may raise memory errors).
void install_metered_functions(lua_State* L, int globals);

}  // namespace amtsweg::script
