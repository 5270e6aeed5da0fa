// Decimals leave the engine as decimals at every exit: REST bodies (case, history), webhook bodies,
// the CLI's case and history output. The certificate's fee is a Lua float, 18.0 for two copies.
#include <catch2/catch.hpp>

#include <algorithm>

#include "adapters/webhook/webhook_request.hpp"
#include "tests/rest/rest_fixture.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/support/cli_process.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

namespace {

bool has_decimal_fee(const std::string& text) {
  return text.find("18.0") != std::string::npos && text.find("E1") == std::string::npos;
}

}  // namespace

TEST_CASE("REST bodies write decimals as decimals: the case, its history and errors", "[rest][json]") {
  RestFixture api;
  const std::string case_id = api.start_certificate(R"({"name": "Erika Muster", "copies": 2})");
  const auto view = api.call("GET", "/api/v1/cases/" + case_id, "admin-giessen");
  REQUIRE(view.status == 200);
  CHECK(view.body.find(R"("fee":18.0)") != std::string::npos);
  CHECK(has_decimal_fee(view.body));
  const auto history = api.call("GET", "/api/v1/cases/" + case_id + "/history", "admin-giessen");
  REQUIRE(history.status == 200);
  CHECK(has_decimal_fee(history.body));
}

TEST_CASE("a webhook's body writes the outbox payload's decimals as decimals", "[webhook][json]") {
  RestFixture api;
  const std::string case_id = api.start_certificate(R"({"name": "Erika Muster", "copies": 2})");
  const boost::json::object too_little{{"amount", 10.0}};  // emits payment.insufficient with it
  api.engine->deliver(EventRequest{"giessen", "pay-1", "payment.confirmed", {{"case", case_id}}, too_little, "portal"});
  const auto outbox = api.engine->outbox("giessen", case_id);
  const auto insufficient = std::find_if(outbox.begin(), outbox.end(),
                                         [](const OutboxMessage& m) { return m.type == "payment.insufficient"; });
  REQUIRE(insufficient != outbox.end());
  const std::string body = webhook::webhook_body(*insufficient);
  CHECK(body.find(R"("amount":10.0)") != std::string::npos);
  CHECK(body.find("E1") == std::string::npos);
}

TEST_CASE("the CLI's case and history write decimals as decimals", "[cli][json]") {
  TempDir dir;
  const auto definition = write_file(dir, "certificate.yaml", kCertificateYaml);
  const std::string db = "--db " + dir.file("cli.db") + " ";
  REQUIRE(run_cli("deploy " + db + definition).exit_code == 0);
  const auto started =
      run_cli("start " + db + "--tenant giessen --process certificate --data '{\"name\": \"Erika\", \"copies\": 2}'");
  REQUIRE(started.exit_code == 0);
  const std::string case_id = first_match(started.output, "started (C-[0-9a-f]+)");
  const auto view = run_cli("case " + db + "--tenant giessen " + case_id);
  CHECK(view.output.find("\"fee\": 18.0") != std::string::npos);
  CHECK(has_decimal_fee(view.output));
  const auto history = run_cli("history " + db + "--tenant giessen " + case_id);
  CHECK(has_decimal_fee(history.output));
}
