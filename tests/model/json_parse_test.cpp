// The engine's JSON parser reads back every double exactly as Boost.JSON wrote it (a lua_fuzz
// finding: Boost.JSON 1.81's own parser reads 1.4757395258967641E20 one ulp low), and fails as before.
#include <catch2/catch.hpp>

#include <bit>
#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <random>

#include "engine/model/json_parse.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
namespace json = boost::json;

namespace {

json::value parsed(std::string_view text) {
  boost::system::error_code error;
  json::value value = parse_json(text, error);
  REQUIRE_FALSE(error);
  return value;
}

}  // namespace

TEST_CASE("2^67 reads back as the double that was written", "[model][json]") {
  const double two_to_67 = std::ldexp(1.0, 67);
  const std::string text = json::serialize(json::value(two_to_67));
  CHECK(text == "1.4757395258967641E20");
  CHECK(parsed(text).as_double() == two_to_67);
  CHECK(parsed("[-1.4757395258967641E20]").as_array()[0].as_double() == -two_to_67);
}

TEST_CASE("every double survives serialize and parse bit for bit", "[model][json]") {
  // Random bit patterns cover every exponent; the fixed seed makes a failure repeatable.
  std::mt19937_64 bits(20261202);
  int checked = 0;
  for (int i = 0; i < 200'000; ++i) {
    const double value = std::bit_cast<double>(bits());
    if (!std::isfinite(value)) continue;
    const std::string text = json::serialize(json::value(value));
    const double back = parsed(text).as_double();
    if (std::bit_cast<std::uint64_t>(back) != std::bit_cast<std::uint64_t>(value))
      FAIL(text << " read back as " << back);
    ++checked;
  }
  CHECK(checked > 190'000);
}

TEST_CASE("the parser keeps Boost.JSON's grammar, types and limits", "[model][json]") {
  const json::value value = parsed(R"( {"a": [1, -2, 18446744073709551615, 1.5, true, null, "x\u00e4"]} )");
  const json::array& a = value.at("a").as_array();
  CHECK(a[0].is_int64());
  CHECK(a[1].as_int64() == -2);
  CHECK(a[2].as_uint64() == 18446744073709551615u);
  CHECK(a[3].as_double() == 1.5);
  CHECK(a[6].as_string() == "x\xc3\xa4");
  // Beyond a double: infinity, as Boost.JSON reads it, for json_checks to refuse by name.
  CHECK(std::isinf(parsed("1e400").as_double()));
  CHECK(parsed("1e-400").as_double() == 0.0);
  CHECK(parsed("18446744073709551616").as_double() == 18446744073709551616.0);

  boost::system::error_code error;
  std::size_t consumed = 0;
  CHECK(parse_json(R"({"a": 1} x)", error, consumed).is_null());
  CHECK(error == json::error::extra_data);
  CHECK(consumed == 9);
  CHECK(parse_json(R"({"a": 1)", error, consumed).is_null());
  CHECK(error);
  CHECK(parse_json("[1, /* no comments */ 2]", error, consumed).is_null());
  CHECK(error);
  CHECK(parse_json(std::string(33, '[') + std::string(33, ']'), error, consumed).is_null());
  CHECK(error == json::error::too_deep);
  CHECK_THROWS_AS(parse_json("{"), boost::system::system_error);
}

TEST_CASE("a double stored with a case reads back unchanged", "[model][json][store]") {
  testing::EngineFixture f;
  f.deploy(testing::kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "E", "copies": 1, "extra": 1.4757395258967641E20})");
  const auto view = f.engine->find_case("giessen", c.id);
  REQUIRE(view);
  CHECK(view->record.data.at("extra").as_double() == std::ldexp(1.0, 67));
}
