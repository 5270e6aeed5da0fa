// GET /api/v1/openapi.json: the API's own description, for integrators and their tools. Served
// without authentication, like /health: it describes the API, not any tenant's data.
#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/openapi_document.hpp"

namespace amtsweg::rest {
namespace {

Response openapi(const ApiContext&, const Request&, const PathParams&) {
  Response response;
  response.body = std::string(openapi_document());
  return response;
}

}  // namespace

void add_openapi_route(Router& router, const ApiContext& context) {
  router.add("GET", "/api/v1/openapi.json", bind_handler(context, openapi));
}

}  // namespace amtsweg::rest
