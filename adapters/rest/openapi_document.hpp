// The OpenAPI 3.1 description of the whole REST API: adapters/rest/openapi.json, compiled into the
// binary at build time (CMake generates openapi_document.cpp from openapi_document.cpp.in).
#pragma once

#include <string_view>

namespace amtsweg::rest {

// The JSON text of adapters/rest/openapi.json as it was when the binary was built.
std::string_view openapi_document();

}  // namespace amtsweg::rest
