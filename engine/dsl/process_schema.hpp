// The JSON Schema (draft-07) of the process language for editors: engine/dsl/process.schema.json,
// compiled into the binary at build time (CMake generates process_schema.cpp from process_schema.cpp.in).
#pragma once

#include <string_view>

namespace amtsweg {

// The JSON text of engine/dsl/process.schema.json as it was when the binary was built.
std::string_view process_schema_json();

}  // namespace amtsweg
