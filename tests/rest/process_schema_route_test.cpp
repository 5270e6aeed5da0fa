// GET /api/v1/schema/process over a real socket: served without a token, JSON, and the same
// schema as `amtsweg schema` prints (both are engine/dsl/process.schema.json, compiled in).
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "tests/rest/http_test_client.hpp"
#include "tests/rest/server_fixture.hpp"
#include "tests/support/cli_process.hpp"

using namespace amtsweg::testing;
namespace json = boost::json;

TEST_CASE("GET /api/v1/schema/process serves the process schema without a token, as amtsweg schema prints it",
          "[rest][schema]") {
  ServerFixture f;
  HttpTestClient client(f.server.port());
  const HttpReply reply = client.request("GET", "/api/v1/schema/process");
  CHECK(reply.status == 200);
  CHECK(reply.headers.at("Content-Type") == "application/schema+json");
  json::value served;
  REQUIRE_NOTHROW(served = json::parse(reply.body));
  CHECK(served.at("$schema") == "http://json-schema.org/draft-07/schema#");
  CHECK(served.at("definitions").as_object().contains("state"));

  const CliResult printed = run_cli("schema");
  REQUIRE(printed.exit_code == 0);
  CHECK(served == json::parse(printed.output));

  const HttpReply wrong_method =
      client.request("POST", "/api/v1/schema/process", "{}", "Content-Type: application/json\r\n");
  CHECK(wrong_method.status == 405);
}
