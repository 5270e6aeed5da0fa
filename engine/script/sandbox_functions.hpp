// The functions the sandbox adds or replaces: date helpers, list helpers, a deterministic pairs,
// a setmetatable without finalizers and an xpcall whose handler runs under the budget.
#pragma once

extern "C" {
#include <lua.h>
}

namespace amtsweg::script {

// Sets date, local_date, days_between, add_days, add_working_days, contains, count, null, and the
// safe pairs, setmetatable and xpcall in the table at `globals`. Runs in protected mode (may raise
// memory errors).
void install_sandbox_functions(lua_State* L, int globals);

}  // namespace amtsweg::script
