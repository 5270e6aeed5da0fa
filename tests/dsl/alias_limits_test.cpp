// YAML anchors and aliases: an alias repeats the node of its anchor, so a few lines of aliases of
// aliases stand for billions of nodes (the "billion laughs"), and an alias inside its own anchor
// for an endless tree. The loader and the scenario reader walk documents with aliases followed:
// such a document is refused at once, naming the limit; ordinary aliases still work.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "engine/dsl/loader.hpp"
#include "engine/scenario/scenario_reader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

namespace {
using amtsweg::load_definition;

// Nine levels of ten aliases each below a list of ten scalars: 10^10 nodes when followed.
std::string alias_bomb(const std::string& key) {
  std::string text = key + ":\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 9; ++level) {
    const std::string alias = "*a" + std::to_string(level - 1);
    text += "  a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i ? ", " : "") + alias;
    text += "]\n";
  }
  return text;
}

constexpr const char* kStates = "id: p\ntitle: P\nstart: s\nstates:\n  s: {final: true, outcome: ok}\n";

void check_refused(const amtsweg::Diagnostics& diagnostics) {
  REQUIRE(diagnostics.size() == 1);
  CHECK_THAT(diagnostics.front().message,
             Catch::StartsWith("the document is too large once its aliases are followed (more than 1000000 nodes"));
}

TEST_CASE("a definition whose aliases multiply is refused at once", "[dsl]") {
  const auto start = std::chrono::steady_clock::now();
  const auto result = load_definition(std::string(kStates) + alias_bomb("params"), "bomb.yaml");
  CHECK_FALSE(result.ok());
  check_refused(result.diagnostics);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("an alias inside its own anchor is refused, not followed without end", "[dsl]") {
  const auto result = load_definition(std::string(kStates) + "params:\n  loop: &l {again: [*l]}\n", "loop.yaml");
  CHECK_FALSE(result.ok());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK_THAT(result.diagnostics.front().message, Catch::Contains("an alias inside its own anchor never ends"));
}

TEST_CASE("a scenario file whose aliases multiply is refused at once", "[dsl][scenario]") {
  const auto load = amtsweg::load_scenarios("process: x.yaml\n" + alias_bomb("params"), "bomb.scenarios.yaml");
  CHECK_FALSE(load.ok());
  check_refused(load.diagnostics);
}

TEST_CASE("ordinary anchors, aliases and merge keys still load", "[dsl]") {
  const auto result = load_definition(amtsweg::testing::yaml(R"(
id: p
title: P
start: s
params:
  fees: &fees {first: 10, more: 5}
  same_fees: *fees
states:
  s:
    always:
      - to: done
        when: params.same_fees.first == 10
  done: &final {final: true, outcome: ok}
)"),
                                      "aliases.yaml");
  INFO(amtsweg::testing::formatted(result.diagnostics).size());
  CHECK(result.ok());
}

}  // namespace
