// GET /api/v1/processes/{id}/form: what a form renderer needs to show a process to people — the
// application's JSON Schema (with its titles, descriptions, enum titles and the tenant's allowed
// values of `x-enum-param` fields), the documents it
// accepts, and each state's description and task, so a UI shows labels instead of raw keys.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <limits>

#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/query_params.hpp"
#include "engine/runtime/param_enums.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

// Forms are served with the caller's tenant's allowed values (`x-enum-param`) as `enum`.
json::value task_json(const TaskSpec& task, const json::value& params) {
  return json::object{{"role", task.role},
                      {"four_eyes", task.four_eyes},
                      {"requires_document",
                       task.requires_document.empty() ? json::value(nullptr) : json::value(task.requires_document)},
                      {"form", schema_with_param_enums(task.form, params)}};
}

void add_states(const std::vector<StateDef>& states, const std::string& prefix, const json::value& params,
                json::array& list) {
  for (const StateDef& state : states) {
    const std::string path = prefix + state.name;
    list.push_back(json::object{{"state", path},
                                {"title", state.title.empty() ? state.name : state.title},
                                {"description", state.description},
                                {"final", state.final},
                                {"outcome", state.outcome.empty() ? json::value(nullptr) : json::value(state.outcome)},
                                {"task", state.task ? task_json(*state.task, params) : json::value(nullptr)}});
    for (const Region& region : state.regions) add_states(region.states, path + "/" + region.name + "/", params, list);
  }
}

// ?version=N describes that version, else the latest the caller's tenant may use.
Response process_form(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal(request);
  reject_unknown_parameters(request, {"version"});
  const int version = int_parameter(request, "version", 1, std::numeric_limits<int>::max()).value_or(0);
  const auto definition = context.engine.process_for(caller.tenant, params.at("id"), version);
  // The params intake checks against: the latest version's, with the tenant's overrides.
  const json::value tenant_params = context.engine.effective_params(caller.tenant, definition->id);
  json::array states;
  add_states(definition->states, "", tenant_params, states);
  json::array personal, types;
  for (const auto& field : definition->form.personal_fields) personal.push_back(json::string(field));
  for (const auto& type : definition->documents.types) types.push_back(json::string(type));
  return json_response(200, json::object{{"process", definition->id},
                                         {"title", definition->title},
                                         {"description", definition->description},
                                         {"form", schema_with_param_enums(definition->form, tenant_params)},
                                         {"personal_fields", std::move(personal)},
                                         {"documents", json::object{{"types", std::move(types)},
                                                                    {"max_size", definition->documents.max_size}}},
                                         {"states", std::move(states)}});
}

}  // namespace

void add_form_routes(Router& router, const ApiContext& context) {
  router.add("GET", "/api/v1/processes/{id}/form", bind_handler(context, process_form));
}

}  // namespace amtsweg::rest
