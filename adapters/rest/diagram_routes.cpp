// GET /api/v1/processes/{id}/diagram.svg: a definition the caller's tenant may see (shared or its
// own), drawn by Graphviz, with the caller's tenant's cases per state on the nodes.
// GET /api/v1/cases/{id}/diagram.svg: the definition version one case runs on, its states labelled
// with their titles, with the states the case is in marked (bold outline, fill and "(aktuell)").
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

Response case_diagram(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal(request);
  reject_unknown_parameters(request, {});
  const std::string& case_id = context.case_param(request, params);
  const auto view = context.engine.find_case(caller.tenant, case_id);
  if (!view) throw Error(ErrorKind::NotFound, "no case " + case_id);
  const CaseRecord& record = view->record;
  const auto definition = context.engine.process_for(caller.tenant, record.process_id, record.process_version);
  // In the UI's language: the drawing is shown to clerks in the Vorgang.
  const auto current = diagram::current_states_of(record, "(aktuell)");
  const diagram::DiagramTexts german{.task = "Aufgabe", .outcome = "Ergebnis", .state_titles = true};
  Response response;
  response.content_type = "image/svg+xml";
  response.body = diagram::render_svg(diagram::state_graph_dot(*definition, {}, current, german));
  return response;
}

}  // namespace

void add_diagram_routes(Router& router, const ApiContext& context) {
  router.add("GET", "/api/v1/processes/{id}/diagram.svg", bind_handler(context, process_diagram));
  router.add("GET", "/api/v1/cases/{id}/diagram.svg", bind_handler(context, case_diagram));
}

}  // namespace amtsweg::rest
