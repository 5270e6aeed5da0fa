// The state graph as DOT text and as SVG drawn by Graphviz: states, markers, edge labels, case
// counts, clusters of parallel states, and escaping of whatever a definition's texts contain.
#include <catch2/catch.hpp>

#include <filesystem>

#include "adapters/diagram/state_graph_dot.hpp"
#include "adapters/diagram/svg_renderer.hpp"
#include "engine/dsl/loader.hpp"
#include "engine/error.hpp"
#include "tests/runtime/certificate_process.hpp"

using namespace amtsweg;
using namespace amtsweg::diagram;
using Catch::Contains;

namespace {

ProcessDefinition load(const std::string& yaml) {
  auto loaded = load_definition(yaml, "test.yaml");
  REQUIRE(loaded.ok());
  return *loaded.definition;
}

ProcessDefinition load_example(const std::string& name) {
  auto loaded =
      load_definition_file((std::filesystem::path(AMTSWEG_SOURCE_DIR) / "processes/examples" / name).string());
  REQUIRE(loaded.ok());
  return *loaded.definition;
}

}  // namespace

TEST_CASE("dot: states, start marker, tasks, finals and labelled transitions", "[diagram]") {
  const std::string dot = state_graph_dot(load(testing::kCertificateYaml));
  CHECK_THAT(dot, Contains("digraph \"certificate\" {"));
  CHECK_THAT(dot, Contains("\"start:\" -> \"received\";"));
  CHECK_THAT(dot, Contains("\"review\" [label=\"review\\ntask: standesamt\"]"));
  CHECK_THAT(dot, Contains("\"issued\" [label=\"issued\\noutcome: issued\", peripheries=2]"));
  CHECK_THAT(dot, Contains("\"received\" -> \"review\" [label=\"always [when]\"]"));
  CHECK_THAT(dot, Contains("\"received\" -> \"awaiting_payment\" [label=\"always\"]"));
  CHECK_THAT(dot, Contains("\"awaiting_payment\" -> \"review\" [label=\"payment.confirmed [when]\"]"));
  CHECK_THAT(dot, Contains("\"awaiting_payment\" -> \"cancelled\" [label=\"after P14D\"]"));
  // A transition without a target only runs actions: a dashed loop.
  CHECK_THAT(dot, Contains("\"awaiting_payment\" -> \"awaiting_payment\" [label=\"payment.confirmed\", style=dashed]"));
}

TEST_CASE("dot: case counts label the states, cancelled cases are not counted", "[diagram]") {
  const auto cases = cases_by_state({{"certificate", "review", "active", 10},
                                     {"certificate", "review", "suspended", 2},
                                     {"certificate", "review", "cancelled", 5},
                                     {"certificate", "issued", "completed", 3}});
  CHECK(cases.at("review") == 12);
  CHECK(cases.at("issued") == 3);
  const std::string dot = state_graph_dot(load(testing::kCertificateYaml), cases);
  CHECK_THAT(dot, Contains("[label=\"review (12)\\ntask: standesamt\"]"));
  CHECK_THAT(dot, Contains("[label=\"issued (3)\\noutcome: issued\", peripheries=2]"));
  CHECK_THAT(dot, Contains("[label=\"received\"]"));
}

TEST_CASE("dot: quotes, backslashes and line breaks in texts are escaped", "[diagram]") {
  CHECK(dot_quoted(R"(Antrag "Hund" \ Katze)") == R"("Antrag \"Hund\" \\ Katze")");
  CHECK(dot_quoted("zwei\nZeilen\r") == R"("zwei\nZeilen")");
  const std::string yaml = R"(id: quoted
title: 'Antrag "Hund" \ Katze'
start: open
states:
  open:
    on:
      close.requested: closed
    after:
      - at: '= data.appointment .. "T09:00:00Z"'
        to: closed
  closed:
    final: true
    outcome: 'done "really"'
)";
  const std::string dot = state_graph_dot(load(yaml));
  CHECK_THAT(dot, Contains(R"(Antrag \"Hund\" \\ Katze)"));
  CHECK_THAT(dot, Contains(R"(\"T09:00:00Z\")"));
  CHECK_THAT(dot, Contains(R"(outcome: done \"really\")"));
  // Graphviz reads it back: the escaped texts arrive intact in the drawing.
  const std::string svg = render_svg(dot);
  CHECK_THAT(svg, Contains("Antrag &quot;Hund&quot; \\ Katze"));
  CHECK_THAT(svg, Contains("&quot;T09:00:00Z&quot;"));
}

TEST_CASE("dot: a parallel state is a cluster with one sub-cluster per region", "[diagram]") {
  const std::string dot = state_graph_dot(load_example("baumfaellung.yaml"), {{"consultation", 4}});
  CHECK_THAT(dot, Contains("subgraph \"cluster_consultation\" {"));
  CHECK_THAT(dot, Contains("label=\"consultation (4)\""));
  CHECK_THAT(dot, Contains("subgraph \"cluster_consultation/environment\" {"));
  CHECK_THAT(dot, Contains("subgraph \"cluster_consultation/building\" {"));
  CHECK_THAT(dot, Contains("\"start:consultation/building\" -> \"consultation/building/check\";"));
  CHECK_THAT(dot, Contains("\"consultation/building/assess\" [label=\"assess\\ntask: bauamt\"]"));
  CHECK_THAT(dot, Contains("\"consultation/environment/assess\" -> \"consultation/environment/done\" "
                           "[label=\"task.completed\"]"));
  // Transitions into and out of the parallel state end at the cluster's border.
  CHECK_THAT(dot, Contains("\"received\" -> \"consultation\" [label=\"always\", lhead=\"cluster_consultation\"]"));
  CHECK_THAT(dot, Contains("[label=\"join\", ltail=\"cluster_consultation\"]"));
}

TEST_CASE("dot: a case's current states are marked by outline, fill and text, the others not", "[diagram]") {
  CaseRecord record;
  record.state = "review";
  const auto current = current_states_of(record, "(aktuell)");
  const std::string dot = state_graph_dot(load(testing::kCertificateYaml), {}, current);
  CHECK_THAT(dot, Contains("\"review\" [label=\"review\\ntask: standesamt\\n(aktuell)\", penwidth=3, "
                           "style=\"rounded,bold,filled\", fillcolor=\"#fff1b8\"]"));
  CHECK_THAT(dot, Contains("\"received\" [label=\"received\"]"));
  CHECK_THAT(dot, Contains("\"issued\" [label=\"issued\\noutcome: issued\", peripheries=2]"));
  // Graphviz draws the note and the thick outline.
  const std::string svg = render_svg(dot);
  CHECK_THAT(svg, Contains(">(aktuell)</text>"));
  CHECK_THAT(svg, Contains("stroke-width=\"3\""));
}

TEST_CASE("dot: in a parallel state the cluster and each region's current state are marked", "[diagram]") {
  CaseRecord record;
  record.state = "consultation";
  record.regions = {{"environment", "assess"}, {"building", "done"}};
  const auto current = current_states_of(record, "(aktuell)");
  CHECK(current.paths == std::set<std::string, std::less<>>{"consultation", "consultation/environment/assess",
                                                            "consultation/building/done"});
  const std::string dot = state_graph_dot(load_example("baumfaellung.yaml"), {}, current);
  CHECK_THAT(dot, Contains("label=\"consultation\\n(aktuell)\""));
  CHECK_THAT(dot, Contains("graph [style=\"rounded,bold,filled\", penwidth=3"));
  CHECK_THAT(
      dot, Contains("\"consultation/environment/assess\" [label=\"assess\\ntask: umweltamt\\n(aktuell)\", penwidth=3"));
  CHECK_THAT(dot, Contains("\"consultation/building/assess\" [label=\"assess\\ntask: bauamt\"]"));
  CHECK_THAT(render_svg(dot), Contains("(aktuell)"));
}

TEST_CASE("svg: Graphviz draws every state of a definition", "[diagram]") {
  const auto definition = load_example("baumfaellung.yaml");
  const std::string svg = render_svg(state_graph_dot(definition));
  CHECK_THAT(svg, Contains("<svg"));
  CHECK_THAT(svg, Contains("</svg>"));
  for (const auto& state : definition.states) CHECK_THAT(svg, Contains(">" + state.name));
  CHECK_THAT(svg, Contains("environment"));
  CHECK_THAT(svg, Contains("task: bauamt"));
}

TEST_CASE("svg: text that is not DOT is refused", "[diagram]") {
  try {
    render_svg("digraph { a -> ");
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::InvalidArgument);
  }
}
