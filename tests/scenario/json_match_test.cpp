// Subset matching of expected JSON values and ${...} references into the case under test.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "engine/error.hpp"
#include "engine/scenario/json_match.hpp"
#include "engine/scenario/value_refs.hpp"

using namespace amtsweg;
namespace json = boost::json;

TEST_CASE("expected mappings are subsets; lists match item by item; numbers by value", "[scenario]") {
  const json::value actual = json::parse(R"({"fee": 18.0, "copies": 2, "applicant": {"name": "Erika", "city": "Gießen"},
                                             "items": [1, {"a": 1, "b": 2}], "none": null})");
  CHECK_FALSE(json_difference(json::parse(R"({"fee": 18, "applicant": {"name": "Erika"}})"), &actual));
  CHECK_FALSE(json_difference(json::parse(R"({"items": [1.0, {"b": 2}], "none": null, "absent": null})"), &actual));
  auto difference = json_difference(json::parse(R"({"applicant": {"name": "Max"}})"), &actual);
  REQUIRE(difference);
  CHECK(difference->path == "applicant.name");
  CHECK(difference->expected == "\"Max\"");
  CHECK(difference->actual == "\"Erika\"");
  difference = json_difference(json::parse(R"({"items": [1, {"a": 2}]})"), &actual);
  REQUIRE(difference);
  CHECK(difference->path == "items[1].a");
  difference = json_difference(json::parse(R"({"items": [1]})"), &actual);
  REQUIRE(difference);
  CHECK(difference->path == "items");
  CHECK(difference->actual == "[1, {\"a\": 1, \"b\": 2}]");
  difference = json_difference(json::parse(R"({"copies": "2"})"), &actual);
  REQUIRE(difference);  // text is not a number
  CHECK(difference->actual == "2");
  difference = json_difference(json::value(0.1), nullptr);
  REQUIRE(difference);
  CHECK(difference->actual == "(absent)");
  CHECK(display_json(json::value(12.5)) == "12.5");
  CHECK(display_json(json::value(18.0)) == "18.0");
}

TEST_CASE("references resolve against the case and the clock", "[scenario]") {
  CaseRecord record;
  record.id = "C-1";
  record.data = json::parse(R"({"payment_ref": "STA-C-1", "fee": 18.0, "nested": {"n": 2}})").as_object();
  const RefContext context{&record, *parse_timestamp("2026-03-02T09:00:00Z")};
  const json::value input = json::parse(R"({"ref": "${data.payment_ref}", "amount": "${data.fee}",
      "text": "Fall ${case.id}: ${data.nested.n} Stück", "when": "${now}", "list": ["${case.id}"]})");
  CHECK(resolve_refs(input, context) == json::parse(R"({"ref": "STA-C-1", "amount": 18.0,
      "text": "Fall C-1: 2 Stück", "when": "2026-03-02T09:00:00Z", "list": ["C-1"]})"));
  CHECK_THROWS_WITH(resolve_refs(json::value("${data.missing}"), context),
                    "${data.missing}: the case has no data.missing");
  CHECK_THROWS_WITH(resolve_refs(json::value("${case.id}"), RefContext{}),
                    "${case.id} refers to a case, but none was started");
  CHECK(find_bad_ref(input) == std::nullopt);
  CHECK(find_bad_ref(json::parse(R"({"a": ["ok", "${data}"]})")) == "${data}");
}
