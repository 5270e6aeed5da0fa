// A process definition's state graph as Graphviz DOT text: states, transitions and the number of
// cases per state. Pure (no Graphviz call), so the drawing's content is testable as text.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/definition.hpp"
#include "engine/store/store.hpp"

namespace amtsweg::diagram {

// Cases per top-level state name.
using CasesByState = std::map<std::string, std::int64_t, std::less<>>;

// The cases currently in each state: active, suspended and (in final states) completed ones;
// cancelled cases have left the graph and are not counted.
CasesByState cases_by_state(const std::vector<StateCount>& counts);

// A digraph: a start marker pointing at the start state; every state a node labelled with its
// name and, when non-zero, its case count ("review (12)"); task states name the task's role;
// final states are double-bordered with their outcome; parallel states are clusters with one
// sub-cluster per region. Edges are labelled with the event type, "always", "after <duration>",
// "at <expression>" or "join", with " [when]" for guarded ones; internal transitions (no
// target) are dashed loops. Every name and text is escaped.
std::string state_graph_dot(const ProcessDefinition& definition, const CasesByState& cases = {});

// `text` as a DOT quoted string, quotes included: '"' and '\' escaped, line breaks as \n.
std::string dot_quoted(std::string_view text);

}  // namespace amtsweg::diagram
