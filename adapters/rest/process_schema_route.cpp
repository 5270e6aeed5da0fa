// GET /api/v1/schema/process: the JSON Schema of the process language, for editors (the web UI's
// YAML editor, VS Code's YAML extension). Served without authentication, like openapi.json: it
// documents the language, not any tenant's data.
#include "adapters/rest/api_routes.hpp"
#include "engine/dsl/process_schema.hpp"

namespace amtsweg::rest {
namespace {

Response process_schema(const ApiContext&, const Request&, const PathParams&) {
  Response response;
  response.content_type = "application/schema+json";
  response.body = std::string(process_schema_json());
  return response;
}

}  // namespace

void add_process_schema_route(Router& router, const ApiContext& context) {
  router.add("GET", "/api/v1/schema/process", bind_handler(context, process_schema));
}

}  // namespace amtsweg::rest
