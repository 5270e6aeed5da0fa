// The semantic checks of a loaded definition: references, reachability, ways out, roles, Lua syntax,
// timers. A definition that passes cannot crash the engine at run time.
#pragma once

#include "engine/dsl/diagnostic.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// Every finding about `definition`, ordered by position (empty: valid).
Diagnostics validate(const ProcessDefinition& definition);

}  // namespace amtsweg
