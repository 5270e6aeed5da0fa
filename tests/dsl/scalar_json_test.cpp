// How YAML values become JSON in the model (param defaults, `set` literals, forms): integers stay
// integers, true/false are booleans, quoted text is always text.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "engine/dsl/loader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

using namespace amtsweg;

TEST_CASE("plain scalars resolve to null, booleans, integers and doubles, quoted ones stay text", "[dsl]") {
  auto result = load_definition(testing::yaml(R"(
id: t
title: T
start: a
params:
  integer: 12
  negative: -3
  hex: 0x1F
  real: 12.5
  exponent: 1e3
  yes_no: true
  off: False
  nothing: ~
  empty:
  quoted_number: "12"
  quoted_bool: 'true'
  tagged: !!str 7
  text: Bürgerbüro
  date: 2024-05-01
  block: |
    two
    lines
  list: [1, x, 2.5, null]
  nested: {a: {b: [true]}}
states:
  a: {final: true}
)"),
                                "t.yaml");
  REQUIRE(testing::formatted(result.diagnostics) == std::vector<std::string>{});
  boost::json::object params;
  for (const auto& param : result.definition->params) params[param.name] = param.default_value;
  CHECK(params.at("integer").is_int64());
  CHECK(params.at("integer") == 12);
  CHECK(params.at("negative") == -3);
  CHECK(params.at("hex") == 31);
  CHECK(params.at("real").is_double());
  CHECK(params.at("real") == 12.5);
  CHECK(params.at("exponent") == 1000.0);
  CHECK(params.at("yes_no") == true);
  CHECK(params.at("off") == false);
  CHECK(params.at("nothing").is_null());
  CHECK(params.at("empty").is_null());
  CHECK(params.at("quoted_number") == "12");
  CHECK(params.at("quoted_bool") == "true");
  CHECK(params.at("tagged") == "7");
  CHECK(params.at("text") == "Bürgerbüro");
  CHECK(params.at("date") == "2024-05-01");
  CHECK(params.at("block") == "two\nlines\n");
  CHECK(params.at("list") == boost::json::array{1, "x", 2.5, nullptr});
  CHECK(params.at("nested") == boost::json::parse(R"({"a": {"b": [true]}})"));
}
