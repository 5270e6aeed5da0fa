// The shipped example procedures (processes/examples/) and the complete definitions shown in the
// language reference (processes/README.md) must always load without findings.
#include <catch2/catch.hpp>

#include <filesystem>

#include "engine/dsl/loader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

using namespace amtsweg;

namespace {
const std::filesystem::path kExamples = std::filesystem::path(AMTSWEG_SOURCE_DIR) / "processes/examples";
}

TEST_CASE("every example in processes/examples loads without findings", "[dsl]") {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kExamples)) {
    if (entry.path().extension() != ".yaml" || entry.path().string().ends_with(".scenarios.yaml")) continue;
    INFO(entry.path().string());
    auto result = load_definition_file(entry.path().string());
    CHECK(amtsweg::testing::formatted(result.diagnostics) == std::vector<std::string>{});
    CHECK(result.ok());
    ++loaded;
  }
  CHECK(loaded >= 2);
}

TEST_CASE("the Meldebescheinigung example has the shape the reference describes", "[dsl]") {
  auto result = load_definition_file((kExamples / "meldebescheinigung.yaml").string());
  REQUIRE(result.ok());
  const ProcessDefinition& d = *result.definition;
  CHECK(d.id == "meldebescheinigung");
  CHECK(d.start == "received");
  CHECK(d.form.personal_fields ==
        std::vector<std::string>{"applicant.name", "applicant.birth_date", "applicant.address", "applicant.email"});
  REQUIRE(d.correlate.keys.size() == 1);
  CHECK(d.correlate.keys[0].first == "payment_ref");
  const StateDef* waiting = d.find_state("awaiting_payment");
  REQUIRE(waiting);
  REQUIRE(waiting->after.size() == 1);
  CHECK(waiting->after[0].delay.ms == 14LL * 24 * 3600 * 1000);
  CHECK(waiting->after[0].transition.target == "cancelled");
  const StateDef* review = d.find_state("in_review");
  REQUIRE(review);
  REQUIRE(review->task);
  CHECK(review->task->role == "buergerbuero");
  CHECK(review->task->due->ms == 5LL * 24 * 3600 * 1000);
  std::vector<std::string> outcomes;
  for (const auto& state : d.states)
    if (state.final) outcomes.push_back(state.outcome);
  CHECK(outcomes == std::vector<std::string>{"issued", "rejected", "cancelled"});
}

TEST_CASE("the Baumfällung example has two parallel office regions and a four-eyes decision", "[dsl]") {
  auto result = load_definition_file((kExamples / "baumfaellung.yaml").string());
  REQUIRE(result.ok());
  const StateDef* consultation = result.definition->find_state("consultation");
  REQUIRE(consultation);
  REQUIRE(consultation->regions.size() == 2);
  CHECK(consultation->regions[0].name == "environment");
  CHECK(consultation->regions[1].name == "building");
  CHECK(consultation->join.at(0).target == "decision");
  const StateDef* decision = result.definition->find_state("decision");
  REQUIRE(decision);
  REQUIRE(decision->task);
  CHECK(decision->task->four_eyes);
}

TEST_CASE("every complete definition in the language reference loads without findings", "[dsl]") {
  const std::vector<std::string> definitions = amtsweg::testing::reference_definitions();
  CHECK(definitions.size() >= 2);
  for (const auto& text : definitions) {
    INFO(text.substr(0, text.find('\n')));
    CHECK(amtsweg::testing::findings(text) == std::vector<std::string>{});
  }
}
