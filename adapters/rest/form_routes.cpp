// GET /api/v1/processes/{id}/form: what a form renderer needs to show a process to people — the
// application's JSON Schema (with its titles, descriptions and enum titles), the documents it
// accepts, and each state's description and task, so a UI shows labels instead of raw keys.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <limits>

#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/query_params.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

json::value task_json(const TaskSpec& task) {
  return json::object{{"role", task.role},
                      {"four_eyes", task.four_eyes},
                      {"requires_document",
                       task.requires_document.empty() ? json::value(nullptr) : json::value(task.requires_document)},
                      {"form", task.form.schema}};
}

void add_states(const std::vector<StateDef>& states, const std::string& prefix, json::array& list) {
  for (const StateDef& state : states) {
    const std::string path = prefix + state.name;
    list.push_back(json::object{{"state", path},
                                {"title", state.title.empty() ? state.name : state.title},
                                {"description", state.description},
                                {"final", state.final},
                                {"outcome", state.outcome.empty() ? json::value(nullptr) : json::value(state.outcome)},
                                {"task", state.task ? task_json(*state.task) : json::value(nullptr)}});
    for (const Region& region : state.regions) add_states(region.states, path + "/" + region.name + "/", list);
  }
}

// ?version=N describes that version, else the latest the caller's tenant may use.
Response process_form(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal(request);
  reject_unknown_parameters(request, {"version"});
  const int version = int_parameter(request, "version", 1, std::numeric_limits<int>::max()).value_or(0);
  const auto definition = context.engine.process_for(caller.tenant, params.at("id"), version);
  json::array states;
  add_states(definition->states, "", states);
  json::array personal, types;
  for (const auto& field : definition->form.personal_fields) personal.push_back(json::string(field));
  for (const auto& type : definition->documents.types) types.push_back(json::string(type));
  return json_response(200, json::object{{"process", definition->id},
                                         {"title", definition->title},
                                         {"description", definition->description},
                                         {"form", definition->form.schema},
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
