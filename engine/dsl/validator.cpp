// The semantic checks of a definition: state references, duplicates, reachability, ways out,
// tasks, parallel regions; Lua syntax is checked in code_checks.cpp.
#include "engine/dsl/validator.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "engine/dsl/code_checks.hpp"
#include "engine/dsl/name_suggestion.hpp"

namespace amtsweg {
namespace {

// One state machine: the definition's top level, or one region of a parallel state.
struct Machine {
  const std::vector<StateDef>& states;
  const std::string& start;
  SourcePos start_pos;
  const Region* region = nullptr;                    // null at the top level
  const std::vector<StateDef>* top_level = nullptr;  // set for regions
};

class Validator {
 public:
  explicit Validator(const ProcessDefinition& definition) : definition_(definition) {}

  Diagnostics run() {
    check_machine(Machine{definition_.states, definition_.start, definition_.start_pos});
    check_declared_events();
    check_success_outcomes();
    check_param_enums(definition_.form);
    check_code(definition_, diagnostics_);
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::pair(a.pos.line, a.pos.column) < std::pair(b.pos.line, b.pos.column);
    });
    return std::move(diagnostics_);
  }

 private:
  // A declared event no state waits for is a typo or a leftover: its buffer would never empty.
  void check_declared_events() {
    std::set<std::string> awaited;
    collect_awaited(definition_.states, awaited);
    for (const auto& event : definition_.events) {
      if (awaited.count(event.type)) continue;
      std::vector<std::string> candidates(awaited.begin(), awaited.end());
      std::erase_if(candidates, [](const std::string& t) { return t == "timer" || t.rfind("task.", 0) == 0; });
      report(event.pos, "event '" + event.type + "' is declared but no state waits for it under 'on:'" +
                            did_you_mean(event.type, candidates));
    }
  }

  // stats.success names outcomes of the definition's final states (a typo would count every case
  // of the misspelt outcome as a drop-off).
  void check_success_outcomes() {
    std::vector<std::string> outcomes;
    for (const auto& state : definition_.states)
      if (state.final && !state.outcome.empty()) outcomes.push_back(state.outcome);
    for (const auto& success : definition_.stats.success)
      if (std::find(outcomes.begin(), outcomes.end(), success.outcome) == outcomes.end())
        report(success.pos, "stats: outcome '" + success.outcome + "' is no outcome of a final state" +
                                did_you_mean(success.outcome, outcomes));
  }

  // A field whose allowed values are a param: the param must exist and hold a list.
  void check_param_enums(const FormSchema& form) {
    std::vector<std::string> names;
    for (const auto& param : definition_.params) names.push_back(param.name);
    for (const auto& use : form.param_enums) {
      const auto param = std::find_if(definition_.params.begin(), definition_.params.end(),
                                      [&](const ParamDef& p) { return p.name == use.param; });
      if (param == definition_.params.end()) {
        const std::string suggestion = did_you_mean(use.param, names);
        report(use.pos, "'x-enum-param' names unknown param '" + use.param + "'" +
                            (suggestion.empty() ? " (declare it under 'params' with the list of allowed values "
                                                  "as its default)"
                                                : suggestion));
      } else if (!param->default_value.is_array()) {
        report(use.pos, "param '" + use.param + "' must have a list of the allowed values as its default, as field '" +
                            use.field + "' takes its allowed values from it");
      }
    }
  }

  static void collect_awaited(const std::vector<StateDef>& states, std::set<std::string>& awaited) {
    for (const auto& state : states) {
      for (const auto& [type, transitions] : state.on) awaited.insert(type);
      for (const auto& region : state.regions) collect_awaited(region.states, awaited);
    }
  }

  void report(SourcePos where, std::string message) {
    diagnostics_.push_back(Diagnostic{definition_.source_name, where, std::move(message)});
  }

  static std::vector<std::string> names_of(const std::vector<StateDef>& states) {
    std::vector<std::string> names;
    for (const auto& state : states) names.push_back(state.name);
    return names;
  }

  void check_machine(const Machine& machine) {
    // The first state of each name is the one transitions reach; later ones are reported.
    std::vector<const StateDef*> unique_states;
    std::map<std::string, const StateDef*> first_of;
    for (const auto& state : machine.states) {
      auto [first, inserted] = first_of.emplace(state.name, &state);
      if (inserted) {
        unique_states.push_back(&state);
      } else {
        report(state.pos, "duplicate state '" + state.name + "' (first defined at line " +
                              std::to_string(first->second->pos.line) + ")");
      }
    }
    std::vector<std::string> names = names_of(machine.states);
    bool start_known = first_of.count(machine.start) > 0;
    if (!machine.start.empty() && !start_known) {
      std::string where = machine.region ? "region '" + machine.region->name + "' starts in" : "'start' names";
      report(machine.start_pos, where + " unknown state '" + machine.start + "'" + did_you_mean(machine.start, names));
    }
    for (const StateDef* state : unique_states) check_state(machine, *state, names);
    if (start_known) check_reachability(machine, first_of);
  }

  void check_state(const Machine& machine, const StateDef& state, const std::vector<std::string>& names) {
    bool has_way_out = false;
    for_each_transition(state, [&](const Transition& transition, std::string_view kind) {
      if (!transition.target) {
        if (kind == "always") report(transition.pos, "an 'always' transition needs 'to': it decides where to go");
        if (kind == "join")
          report(transition.pos, "a 'join' transition needs 'to': the state after all regions are final");
        return;
      }
      const std::string& target = *transition.target;
      if (target != state.name) has_way_out = true;
      if (std::find(names.begin(), names.end(), target) != names.end()) return;
      if (machine.region &&
          (find_state_in(*machine.top_level, target) != nullptr || in_other_region(machine, target))) {
        report(transition.target_pos, "transition in region '" + machine.region->name + "' leaves its region: '" +
                                          target + "' is not a state of region '" + machine.region->name + "'");
        return;
      }
      report(transition.target_pos, "transition to unknown state '" + target + "'" + did_you_mean(target, names));
    });
    if (!state.final && !has_way_out) report(state.pos, "state '" + state.name + "' is not final and has no way out");
    if (state.task) {
      check_param_enums(state.task->form);
      if (state.task->title.empty()) report(state.task->pos, "task in state '" + state.name + "' has no title");
      if (state.task->role.empty()) report(state.task->pos, "task in state '" + state.name + "' has no role");
    }
    for (const auto& region : state.regions) check_region(region, machine);
  }

  bool in_other_region(const Machine& machine, const std::string& target) const {
    for (const auto& state : *machine.top_level)
      for (const auto& region : state.regions)
        if (&region != machine.region && find_state_in(region.states, target) != nullptr) return true;
    return false;
  }

  void check_region(const Region& region, const Machine& outer) {
    if (outer.region != nullptr) return;  // nesting is reported by the loader
    bool has_final =
        std::any_of(region.states.begin(), region.states.end(), [](const StateDef& state) { return state.final; });
    if (!has_final)
      report(region.pos, "region '" + region.name + "' has no final state: the parallel state could never join");
    check_machine(Machine{region.states, region.start, region.start_pos, &region, &outer.states});
  }

  void check_reachability(const Machine& machine, const std::map<std::string, const StateDef*>& first_of) {
    std::set<std::string> reached{machine.start};
    std::deque<const StateDef*> pending{first_of.at(machine.start)};
    while (!pending.empty()) {
      const StateDef* state = pending.front();
      pending.pop_front();
      for_each_transition(*state, [&](const Transition& transition, std::string_view) {
        if (!transition.target) return;
        auto found = first_of.find(*transition.target);
        if (found != first_of.end() && reached.insert(found->first).second) pending.push_back(found->second);
      });
    }
    for (const auto& [name, state] : first_of)
      if (!reached.count(name))
        report(state->pos, "state '" + name + "' is unreachable from start '" + machine.start + "'");
  }

  const ProcessDefinition& definition_;
  Diagnostics diagnostics_;
};

}  // namespace

Diagnostics validate(const ProcessDefinition& definition) { return Validator(definition).run(); }

}  // namespace amtsweg
