// GET /api/v1/processes/{id}/diagram.svg: a definition the caller's tenant may see (shared or its
// own), drawn by Graphviz, with the caller's tenant's cases per state on the nodes.
#include <limits>

#include "adapters/diagram/state_graph_dot.hpp"
#include "adapters/diagram/svg_renderer.hpp"
#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/query_params.hpp"

namespace amtsweg::rest {
namespace {

// ?version=N draws that version, else the latest. Counts are per state over all versions.
Response process_diagram(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal(request);
  reject_unknown_parameters(request, {"version"});
  const int version = int_parameter(request, "version", 1, std::numeric_limits<int>::max()).value_or(0);
  const std::string& id = params.at("id");
  // Error{NotFound} for an unknown process, version, or another tenant's own definition.
  const auto definition = context.engine.process_for(caller.tenant, id, version);
  const auto cases = diagram::cases_by_state(context.engine.state_counts(caller.tenant, id));
  Response response;
  response.content_type = "image/svg+xml";
  response.body = diagram::render_svg(diagram::state_graph_dot(*definition, cases));
  return response;
}

}  // namespace

void add_diagram_routes(Router& router, const ApiContext& context) {
  router.add("GET", "/api/v1/processes/{id}/diagram.svg", bind_handler(context, process_diagram));
}

}  // namespace amtsweg::rest
