// The scripts' calendar functions: month and year arithmetic, day and month boundaries, whole
// months between two moments and the weekday, all read in the case's time zone.
#pragma once

extern "C" {
#include <lua.h>
}

namespace amtsweg::script {

// Sets add_months, add_years, months_between, weekday, start_of_day, end_of_day, start_of_month
// and end_of_month in the table at `globals`. Runs in protected mode (may raise memory errors).
void install_date_functions(lua_State* L, int globals);

}  // namespace amtsweg::script
