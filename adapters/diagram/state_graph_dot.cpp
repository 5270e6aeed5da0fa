// Writes the DOT text of a state graph (see state_graph_dot.hpp). Node ids are the state names at
// the top level and "parallel/region/state" inside regions; markers use ':' in their ids, which no
// state or region name may contain, so ids never collide.
#include "adapters/diagram/state_graph_dot.hpp"

namespace amtsweg::diagram {
namespace {

constexpr std::string_view kStartMarker = "start:";
// How a current state stands out besides its note: a thick outline and a light fill.
constexpr std::string_view kCurrentStyle = ", penwidth=3, style=\"rounded,bold,filled\", fillcolor=\"#fff1b8\"";
constexpr std::string_view kCurrentClusterStyle =
    "graph [style=\"rounded,bold,filled\", penwidth=3, fillcolor=\"#fffbea\"]";

// Where a state's nodes and edges are: top level (empty prefix) or inside one region.
struct Scope {
  const std::vector<StateDef>& states;
  std::string prefix;  // "parallel/region/" inside a region
};

std::string cluster_id(std::string_view path) { return "cluster_" + std::string(path); }

std::string with_guard(std::string trigger, const Transition& transition) {
  if (transition.guard) trigger += " [when]";
  return trigger;
}

std::string timer_trigger(const TimerSpec& timer) {
  if (timer.at) return "at " + timer.at->code;
  return "after " + timer.delay.text;
}

class DotWriter {
 public:
  DotWriter(const ProcessDefinition& definition, const CasesByState& cases, const CurrentStates& current,
            const DiagramTexts& texts)
      : definition_(definition), cases_(cases), current_(current), texts_(texts) {}

  std::string write() {
    out_ += "digraph " + dot_quoted(definition_.id) + " {\n";
    const std::string title = definition_.title.empty() ? definition_.id : definition_.title;
    line("graph [label=" + dot_quoted(title + "\n" + definition_.id) +
         ", labelloc=t, rankdir=LR, compound=true, fontname=\"Helvetica\"]");
    line("node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11]");
    line("edge [fontname=\"Helvetica\", fontsize=9]");
    const Scope top{definition_.states, ""};
    start_marker(std::string(kStartMarker), top, definition_.start);
    for (const auto& state : definition_.states) state_node(state, top);
    for (const auto& state : definition_.states) state_edges(state, top);
    out_ += "}\n";
    return std::move(out_);
  }

 private:
  void line(const std::string& text, int depth = 1) {
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
    out_ += text;
    out_ += ";\n";
  }

  void start_marker(const std::string& id, const Scope& scope, const std::string& start, int depth = 1) {
    line(dot_quoted(id) + " [shape=point, width=0.15, label=\"\"]", depth);
    line(dot_quoted(id) + " -> " + dot_quoted(node_id(scope, start)), depth);
  }

  static std::string node_id(const Scope& scope, const std::string& state) { return scope.prefix + state; }

  // Where a transition from `scope` goes: a state of the same scope, else one of the top level.
  static std::string target_id(const Scope& scope, const std::string& target) {
    if (find_state_in(scope.states, target)) return node_id(scope, target);
    return target;
  }

  std::string count_suffix(const std::string& state, const Scope& scope) const {
    if (!scope.prefix.empty()) return "";  // cases are counted by top-level state only
    const auto found = cases_.find(state);
    if (found == cases_.end() || found->second == 0) return "";
    return " (" + std::to_string(found->second) + ")";
  }

  bool is_current(const std::string& id) const { return current_.paths.contains(id); }

  const std::string& shown_name(const StateDef& state) const {
    return texts_.state_titles && !state.title.empty() ? state.title : state.name;
  }

  // The current state's note as an extra label line ("" for any other state).
  std::string current_note(const std::string& id) const {
    return is_current(id) && !current_.note.empty() ? "\n" + current_.note : "";
  }

  void state_node(const StateDef& state, const Scope& scope, int depth = 1) {
    if (state.is_parallel()) return parallel_cluster(state, depth);
    const std::string id = node_id(scope, state.name);
    std::string label = shown_name(state) + count_suffix(state.name, scope);
    std::string attributes;
    if (state.task) label += "\n" + texts_.task + (state.task->role.empty() ? std::string() : ": " + state.task->role);
    if (state.final) {
      if (!state.outcome.empty()) label += "\n" + texts_.outcome + ": " + state.outcome;
      attributes = ", peripheries=2";
    }
    label += current_note(id);
    if (is_current(id)) attributes += kCurrentStyle;
    line(dot_quoted(id) + " [label=" + dot_quoted(label) + attributes + "]", depth);
  }

  // A cluster holding an entry point (the node transitions into and out of the parallel state
  // attach to) and one sub-cluster per region, each with its own start marker.
  void parallel_cluster(const StateDef& state, int depth) {
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
    out_ += "subgraph " + dot_quoted(cluster_id(state.name)) + " {\n";
    line("label=" + dot_quoted(shown_name(state) + count_suffix(state.name, {definition_.states, ""}) +
                               current_note(state.name)),
         depth + 1);
    line(is_current(state.name) ? std::string(kCurrentClusterStyle) : "style=\"rounded,dashed\"", depth + 1);
    line(dot_quoted(state.name) + " [shape=point, width=0.12, label=\"\"]", depth + 1);
    for (const auto& region : state.regions) {
      const Scope scope{region.states, state.name + "/" + region.name + "/"};
      out_.append(static_cast<std::size_t>(depth + 1) * 2, ' ');
      out_ += "subgraph " + dot_quoted(cluster_id(state.name + "/" + region.name)) + " {\n";
      line("label=" + dot_quoted(region.name), depth + 2);
      line("style=rounded", depth + 2);
      start_marker(std::string(kStartMarker) + state.name + "/" + region.name, scope, region.start, depth + 2);
      for (const auto& inner : region.states) state_node(inner, scope, depth + 2);
      out_.append(static_cast<std::size_t>(depth + 1) * 2, ' ');
      out_ += "}\n";
    }
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
    out_ += "}\n";
  }

  void state_edges(const StateDef& state, const Scope& scope) {
    for (const auto& [event, transitions] : state.on)
      for (const auto& transition : transitions) edge(state, scope, transition, with_guard(event, transition));
    for (const auto& transition : state.always) edge(state, scope, transition, with_guard("always", transition));
    for (const auto& timer : state.after)
      edge(state, scope, timer.transition, with_guard(timer_trigger(timer), timer.transition));
    for (const auto& transition : state.join) edge(state, scope, transition, with_guard("join", transition));
    for (const auto& region : state.regions) {
      const Scope inner{region.states, state.name + "/" + region.name + "/"};
      for (const auto& region_state : region.states) state_edges(region_state, inner);
    }
  }

  // Edges that leave or enter a parallel state attach to its cluster's border (ltail/lhead).
  void edge(const StateDef& from_state, const Scope& scope, const Transition& transition, const std::string& label) {
    const std::string from = node_id(scope, from_state.name);
    std::string attributes = "label=" + dot_quoted(label);
    if (!transition.target) {
      line(dot_quoted(from) + " -> " + dot_quoted(from) + " [" + attributes + ", style=dashed]");
      return;
    }
    const std::string to = target_id(scope, *transition.target);
    const StateDef* target = scope.prefix.empty() ? definition_.find_state(*transition.target) : nullptr;
    if (target != &from_state) {  // a loop stays on the entry point
      if (from_state.is_parallel()) attributes += ", ltail=" + dot_quoted(cluster_id(from));
      if (target && target->is_parallel()) attributes += ", lhead=" + dot_quoted(cluster_id(to));
    }
    line(dot_quoted(from) + " -> " + dot_quoted(to) + " [" + attributes + "]");
  }

  const ProcessDefinition& definition_;
  const CasesByState& cases_;
  const CurrentStates& current_;
  const DiagramTexts& texts_;
  std::string out_;
};

}  // namespace

CasesByState cases_by_state(const std::vector<StateCount>& counts) {
  CasesByState cases;
  for (const auto& count : counts)
    if (count.status != "cancelled") cases[count.state] += count.count;
  return cases;
}

CurrentStates current_states_of(const CaseRecord& record, std::string note) {
  CurrentStates current{{record.state}, std::move(note)};
  for (const auto& [region, state] : record.regions) current.paths.insert(record.state + "/" + region + "/" + state);
  return current;
}

std::string state_graph_dot(const ProcessDefinition& definition, const CasesByState& cases,
                            const CurrentStates& current, const DiagramTexts& texts) {
  return DotWriter(definition, cases, current, texts).write();
}

std::string dot_quoted(std::string_view text) {
  std::string quoted = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\n':
        quoted += "\\n";
        break;
      case '\r':
        break;
      default:
        quoted += c;
    }
  }
  quoted += '"';
  return quoted;
}

}  // namespace amtsweg::diagram
