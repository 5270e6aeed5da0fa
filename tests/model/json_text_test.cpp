// The one writer of outgoing JSON: decimals as decimals (never Boost.JSON 1.81's "3E1"), whole
// numbers and strings as Boost.JSON writes them, compact or indented.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <limits>

#include "engine/model/json_text.hpp"

using namespace amtsweg;
namespace json = boost::json;

TEST_CASE("decimals are written as decimals that read back as the same number", "[model][json]") {
  CHECK(json_number_text(30.0) == "30.0");
  CHECK(json_number_text(12.5) == "12.5");
  CHECK(json_number_text(0.1) == "0.1");
  CHECK(json_number_text(-7.0) == "-7.0");
  CHECK(json_number_text(0.0) == "0.0");
  CHECK(json_number_text(1234567.89) == "1234567.89");
  CHECK(json_number_text(0.00001) == "0.00001");
  CHECK(json_number_text(1e21) == "1e+21");  // beyond 1e16 the exponent is shorter
  CHECK(json_number_text(1.5e-7) == "1.5e-07");
  CHECK(json_number_text(std::numeric_limits<double>::infinity()) == "null");
  for (const double d : {30.0, 0.1, 1.0 / 3.0, 1e21, 1.5e-7, 123456789.125})
    CHECK(json::parse(json_number_text(d)).as_double() == d);
}

TEST_CASE("json_text writes values compactly or indented, with decimals at every depth", "[model][json]") {
  const json::value value = json::parse(R"({"fee": 30.0, "copies": 2, "items": [{"amount": 1.5E1}, "a\"b"], "e": {}})");
  CHECK(json_text(value) == R"({"fee":30.0,"copies":2,"items":[{"amount":15.0},"a\"b"],"e":{}})");
  CHECK(json_text(value, JsonLayout::Indented) ==
        "{\n  \"fee\": 30.0,\n  \"copies\": 2,\n  \"items\": [\n    {\n      \"amount\": 15.0\n    },\n"
        "    \"a\\\"b\"\n  ],\n  \"e\": {}\n}");
  CHECK(json_text(json::value(nullptr)) == "null");
  CHECK(json::parse(json_text(value)) == value);
}
