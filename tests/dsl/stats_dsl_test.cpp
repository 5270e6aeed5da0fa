// `stats:` in the language: the success outcomes, the amount and the dimensions the statistics API
// counts, and the mistakes authors make, each reported at its file:line:column.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "engine/runtime/stats_dimensions.hpp"
#include "tests/dsl/dsl_test_support.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

namespace {

const char* const kStates = R"(
start: a
states:
  a:
    on:
      go: [{to: done}, {to: lost}]
  done:
    final: true
    outcome: approved
  lost:
    final: true
    outcome: rejected
)";

}  // namespace

TEST_CASE("stats: success outcomes, amount and dimensions are read", "[dsl][stats]") {
  const auto result = load_definition(yaml(R"(
id: t
title: T
stats:
  success: [approved]
  amount: data.payment.amount
  dimensions:
    payment_method: data.payment.method
    module: data.module)") + kStates,
                                      "t.yaml");
  REQUIRE(result.ok());
  const auto& stats = result.definition->stats;
  REQUIRE(stats.success.size() == 1);
  CHECK(stats.success[0].outcome == "approved");
  CHECK(stats.amount == "payment.amount");
  REQUIRE(stats.dimensions.size() == 2);
  CHECK(stats.dimensions[0].name == "payment_method");
  CHECK(stats.dimensions[0].path == "payment.method");
  CHECK(stats.dimensions[1].path == "module");

  const auto values = stats_dimensions(
      stats, boost::json::parse(R"({"payment": {"method": "card", "amount": 12.5}, "module": 2})").as_object());
  REQUIRE(values.size() == 2);
  CHECK(values[0].name == "payment_method");
  CHECK(values[0].value == "card");
  CHECK(values[0].amount == 12.5);
  CHECK(values[1].value == "2");
  // A path without a value (or with an object) gives no entry; no amount counts as 0.
  const auto partial =
      stats_dimensions(stats, boost::json::parse(R"({"payment": {"method": {"x": 1}}, "module": 3})").as_object());
  REQUIRE(partial.size() == 1);
  CHECK(partial[0].value == "3");
  CHECK(partial[0].amount == 0);
}

TEST_CASE("stats: mistakes are reported where they are written", "[dsl][stats]") {
  CHECK(findings(yaml(R"(
id: t
title: T
stats:
  success: [approved, aproved, approved]
  amount: payment.amount
  dimensions:
    payment_method: data.payment..method
    2nd: data.x
    method: "= data.y"
  extra: 1)") + kStates) ==
        std::vector<std::string>{
            "t.yaml:4:23: stats: outcome 'aproved' is no outcome of a final state; did you mean 'approved'?",
            "t.yaml:4:32: outcome 'approved' is listed twice",
            "t.yaml:5:11: 'amount' 'payment.amount' is not a data path: write data. and field names joined by dots "
            "(e.g. data.payment.method)",
            "t.yaml:7:21: dimension 'payment_method' 'data.payment..method' is not a data path: write data. and "
            "field names joined by dots (e.g. data.payment.method)",
            "t.yaml:8:5: invalid dimension name '2nd': use letters, digits and '_', not starting with a digit",
            "t.yaml:9:13: dimension 'method' '= data.y' is not a data path: write data. and field names joined by "
            "dots (e.g. data.payment.method)",
            "t.yaml:10:3: unknown key 'extra' (allowed: success, amount, dimensions)",
        });
  CHECK(findings(yaml(R"(
id: t
title: T
stats: [approved])") +
                 kStates) == std::vector<std::string>{"t.yaml:3:8: 'stats' must be a mapping with success, "
                                                      "amount and dimensions"});
  CHECK(findings(yaml(R"(
id: t
title: T
stats: {success: []})") +
                 kStates) ==
        std::vector<std::string>{"t.yaml:3:18: 'success' must be a non-empty list of outcomes (e.g. [completed])"});
}
