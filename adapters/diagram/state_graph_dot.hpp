// A process definition's state graph as Graphviz DOT text: states, transitions and the number of
// cases per state. Pure (no Graphviz call), so the drawing's content is testable as text.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/definition.hpp"
#include "engine/model/records.hpp"
#include "engine/store/store.hpp"

namespace amtsweg::diagram {

// Cases per top-level state name.
using CasesByState = std::map<std::string, std::int64_t, std::less<>>;

// The cases currently in each state: active, suspended and (in final states) completed ones;
// cancelled cases have left the graph and are not counted.
CasesByState cases_by_state(const std::vector<StateCount>& counts);

// The states one case is in, to mark in its drawing: node ids as the DOT text names them ("review"
// at the top level, "parallel/region/state" inside a region), and the text added to each marked
// node's label (e.g. "(aktuell)"), so the mark is not colour alone.
struct CurrentStates {
  std::set<std::string, std::less<>> paths;
  std::string note;
};

// The states `record` is in: its top-level state and, inside a parallel state, each region's state.
CurrentStates current_states_of(const CaseRecord& record, std::string note);

// The words of the node labels. The defaults are the command line's and the process route's
// (state names, English); a case's drawing for clerks uses the states' titles and German words.
struct DiagramTexts {
  std::string task = "task";
  std::string outcome = "outcome";
  bool state_titles = false;  // label a state with its title (its name when it has none)
};

// A digraph: a start marker pointing at the start state; every state a node labelled with its
// name and, when non-zero, its case count ("review (12)"); task states name the task's role;
// final states are double-bordered with their outcome; parallel states are clusters with one
// sub-cluster per region. Edges are labelled with the event type, "always", "after <duration>",
// "at <expression>" or "join", with " [when]" for guarded ones; internal transitions (no
// target) are dashed loops. The `current` states (a case's) are drawn with a thick bold outline,
// filled, with `current.note` as an extra label line. Every name and text is escaped.
std::string state_graph_dot(const ProcessDefinition& definition, const CasesByState& cases = {},
                            const CurrentStates& current = {}, const DiagramTexts& texts = {});

// `text` as a DOT quoted string, quotes included: '"' and '\' escaped, line breaks as \n.
std::string dot_quoted(std::string_view text);

}  // namespace amtsweg::diagram
