// Lua syntax checks of every piece of code in a definition (guards, '=' values, scripts,
// correlation keys, timer times, the {{ }} parts of templates), reported at file positions.
#pragma once

#include "engine/dsl/diagnostic.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// Appends "Lua syntax error in <guard|expression|script|template|correlation key>: ..." findings.
void check_code(const ProcessDefinition& definition, Diagnostics& out);

}  // namespace amtsweg
