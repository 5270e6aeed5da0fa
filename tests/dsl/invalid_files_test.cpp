// The broken definitions under tests/data/definitions/invalid/: each file states the findings it
// must produce in "# expect: line:column: message" comments; loading it must produce exactly those.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "engine/dsl/loader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

namespace {

const std::filesystem::path kInvalidDir = std::filesystem::path(AMTSWEG_SOURCE_DIR) / "tests/data/definitions/invalid";

// The file's "# expect:" lines as formatted diagnostics of that file.
std::vector<std::string> expected_findings(const std::filesystem::path& path) {
  const std::string marker = "# expect: ";
  std::vector<std::string> expected;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(marker, 0) == 0) expected.push_back(path.string() + ":" + line.substr(marker.size()));
  return expected;
}

void check_file(const std::string& name) {
  const auto path = kInvalidDir / name;
  INFO(path.string());
  auto expected = expected_findings(path);
  REQUIRE_FALSE(expected.empty());
  auto result = amtsweg::load_definition_file(path.string());
  CHECK_FALSE(result.ok());
  REQUIRE(amtsweg::testing::formatted(result.diagnostics) == expected);
}

}  // namespace

TEST_CASE("a transition to an unknown state suggests the nearest state", "[dsl]") { check_file("unknown_target.yaml"); }

TEST_CASE("an unknown start state", "[dsl]") { check_file("unknown_start.yaml"); }

TEST_CASE("states that no transition reaches are unreachable", "[dsl]") { check_file("unreachable_state.yaml"); }

TEST_CASE("a non-final state without a transition to another state has no way out", "[dsl]") {
  check_file("no_way_out.yaml");
}

TEST_CASE("a task needs a role and a title", "[dsl]") { check_file("task_without_role.yaml"); }

TEST_CASE("always and join transitions need a target", "[dsl]") { check_file("decision_without_target.yaml"); }

TEST_CASE("parallel states do not nest", "[dsl]") { check_file("parallel_nested.yaml"); }

TEST_CASE("regions keep their transitions inside, need a final state and a known start", "[dsl]") {
  check_file("region_rules.yaml");
}

TEST_CASE("every invalid definition file states and produces its findings", "[dsl]") {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kInvalidDir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    check_file(entry.path().filename().string());
  }
  CHECK(files >= 8);
}

TEST_CASE("a missing file is a finding at 0:0", "[dsl]") {
  auto result = amtsweg::load_definition_file("/nonexistent/definition.yaml");
  REQUIRE_FALSE(result.ok());
  REQUIRE(
      amtsweg::testing::formatted(result.diagnostics) ==
      std::vector<std::string>{"/nonexistent/definition.yaml:0:0: cannot read the file: No such file or directory"});
}
