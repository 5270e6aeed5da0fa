// `amtsweg audit` end to end: administrative commands run on the host, each its own process on one
// SQLite file, and the audit command lists what they left, per tenant or for every tenant.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <string>

#include "tests/support/cli_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/webhook/relay_process.hpp"

using namespace amtsweg::testing;

TEST_CASE("audit CLI: lists a tenant's administrative actions, or every tenant's, and filters them", "[cli][audit]") {
  TempDir dir;
  const std::string db = "--db " + dir.file("cli.db") + " ";
  const auto relay = write_file(dir, "relay.yaml", kRelayYaml);
  REQUIRE(run_cli("deploy " + db + "--now 2026-03-02T09:00:00Z " + relay).exit_code == 0);
  const auto token = run_cli("token create " + db + "--tenant giessen --name alice --roles admin");
  REQUIRE(token.exit_code == 0);
  const std::string secret = first_match(token.output, "(amtsweg_[0-9a-f]+)");
  REQUIRE(run_cli("token revoke " + db + "--tenant giessen --name alice").exit_code == 0);
  REQUIRE(run_cli("token create " + db + "--tenant marburg --name mara --roles admin").exit_code == 0);
  REQUIRE(run_cli("webhooks add " + db +
                  "--tenant giessen --url http://127.0.0.1:9/hook --webhook-allow 127.0.0.1 --events case.*")
              .exit_code == 0);
  // A refused command leaves nothing.
  REQUIRE(run_cli("token revoke " + db + "--tenant giessen --name nobody").exit_code != 0);

  const auto giessen = run_cli("audit " + db + "--tenant giessen");
  REQUIRE(giessen.exit_code == 0);
  CHECK_THAT(giessen.output, Catch::Contains("giessen/host  token.issued  alice  {\"roles\":[\"admin\"]}"));
  CHECK_THAT(giessen.output, Catch::Contains("giessen/host  token.revoked  alice"));
  CHECK_THAT(giessen.output, Catch::Contains("webhook.subscribed"));
  CHECK_THAT(giessen.output, Catch::EndsWith("3 entries\n"));
  CHECK_THAT(giessen.output, !Catch::Contains("mara") && !Catch::Contains(secret.substr(8)));

  const auto everyone = run_cli("audit " + db + "--json");
  REQUIRE(everyone.exit_code == 0);
  const auto list = boost::json::parse(everyone.output).as_array();
  REQUIRE(list.size() == 5);  // the shared deployment on the host, and the four tenant entries
  CHECK(list.at(0).at("action") == "definition.deployed");
  CHECK(list.at(0).at("tenant") == "");
  CHECK(list.at(0).at("at") == "2026-03-02T09:00:00Z");
  CHECK(list.at(3).at("tenant") == "marburg");

  const auto revoked = run_cli("audit " + db + "--tenant giessen --action token.revoked");
  CHECK_THAT(revoked.output, Catch::EndsWith("1 entry\n"));
  CHECK_THAT(run_cli("audit " + db + "--from 2030-01-01T00:00:00Z").output, Catch::EndsWith("0 entries\n"));
  const auto bad = run_cli("audit " + db + "--from tomorrow");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Catch::Contains("--from must be an ISO-8601 time"));
}
