// `amtsweg test` as a process: one line per scenario, the summary, the exit status, directories.
#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/scenario/scenario_fixture.hpp"

using namespace amtsweg::testing;

TEST_CASE("amtsweg test prints PASS/FAIL per scenario and a summary, and fails on any failure", "[scenario]") {
  ScenarioFixture f;
  std::filesystem::create_directories(f.dir.path() / "more");
  write_file(
      f.dir, "more/good.scenarios.yaml",
      "process: ../certificate.yaml\nscenarios:\n  fee-free:\n    application: {name: M, copies: 1, purpose: pension}\n"
      "    expect: {state: review}\n");
  write_file(f.dir, "more/ignored.yaml", "not: a scenario file\n");
  auto result = run_cli("test " + (f.dir.path() / "more").string());
  CHECK(result.output == "PASS fee-free\n1 passed, 0 failed\n");
  CHECK(result.exit_code == 0);

  const std::string failing = f.path_of(
      "process: certificate.yaml\nscenarios:\n  paid:\n    application: {name: M, copies: 1}\n"
      "    expect: {state: review}\n  refused:\n    application: {name: M}\n    expect: {error: {field: /copies}}\n");
  result = run_cli("test " + failing);
  CHECK(result.output == "FAIL paid\n  " + failing +
                             ":5:21: state\n    expected: \"review\"\n"
                             "    actual:   \"awaiting_payment\"\nPASS refused\n1 passed, 1 failed\n");
  CHECK(result.exit_code == 1);

  result = run_cli("test --only refused " + failing);
  CHECK(result.output == "PASS refused\n1 passed, 0 failed\n");

  write_file(f.dir, "certificate.scenarios.yaml", "process: certificate.yaml\nscenarios: []\n");
  result = run_cli("test " + failing);
  CHECK(result.output == failing + ":2:12: 'scenarios' must map scenario names to scenarios\nFAIL " + failing +
                             " (the scenario file is not valid)\n0 passed, 1 failed\n");
  CHECK(result.exit_code == 1);
}
