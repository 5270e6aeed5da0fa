// `amtsweg webhooks ...` end to end: each command is its own process on one SQLite file; the
// fan-out that a running server's dispatcher does is done here by an engine on the same file.
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/support/cli_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/webhook/relay_process.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("webhooks CLI: add, list, deliveries, remove cancels what is pending", "[cli]") {
  TempDir dir;
  const std::string db = "--db " + dir.file("cli.db") + " ";
  const auto relay = write_file(dir, "relay.yaml", kRelayYaml);
  REQUIRE(run_cli("deploy " + db + relay).exit_code == 0);

  // Loopback only where allowed, as `serve --webhook-allow` allows it for deliveries.
  auto result = run_cli("webhooks add " + db + "--tenant giessen --url http://127.0.0.1:9/hook --events case.*");
  CHECK(result.exit_code == 2);
  CHECK(contains(result.output, "127.0.0.1 is a loopback address"));
  result = run_cli("webhooks add " + db + "--tenant giessen --url http://2130706433:9/hook --events case.*");
  CHECK(result.exit_code == 2);
  CHECK(run_cli("webhooks add " + db + "--tenant giessen --url http://x/ --events ping.seen --webhook-allow 10.0.0.1/8")
            .exit_code == 2);
  result =
      run_cli("webhooks add " + db +
              "--tenant giessen --url http://127.0.0.1:9/hook --events case.*,ping.seen --webhook-allow 127.0.0.1");
  REQUIRE(result.exit_code == 0);
  const std::string id = first_match(result.output, "\"id\": \"(W-[0-9a-f]+)\"");
  CHECK(contains(result.output, "\"secret\": \"whsec_"));

  result = run_cli("webhooks add " + db + "--tenant giessen --url ftp://x/hook --events case.*");
  CHECK(result.exit_code == 2);
  CHECK(contains(result.output, "error: invalid_argument"));
  CHECK(contains(result.output, "url"));

  result = run_cli("webhooks list " + db + "--tenant giessen");
  REQUIRE(result.exit_code == 0);
  CHECK(contains(result.output, "\"id\":\"" + id + "\""));
  CHECK_FALSE(contains(result.output, "secret"));  // shown once, at creation
  CHECK(run_cli("webhooks list " + db + "--tenant marburg").output.empty());

  {
    SystemClock clock;
    auto store = SqliteStore::open(dir.file("cli.db"));
    Engine engine(*store, clock);
    start_relay(engine);
    REQUIRE(engine.fan_out_webhooks(100) == 1);
  }
  result = run_cli("webhooks deliveries " + db + "--tenant giessen --id " + id);
  REQUIRE(result.exit_code == 0);
  CHECK(contains(result.output, "\"type\":\"case.started\""));
  CHECK(contains(result.output, "\"status\":\"pending\""));
  CHECK(run_cli("webhooks deliveries " + db + "--tenant giessen --id " + id + " --status gone").exit_code == 2);
  CHECK(run_cli("webhooks deliveries " + db + "--tenant giessen --id " + id + " --limit 0").exit_code == 2);
  result = run_cli("webhooks deliveries " + db + "--tenant marburg --id " + id);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.output, "error: not_found"));

  CHECK(run_cli("webhooks remove " + db + "--tenant marburg --id " + id).exit_code == 1);
  result = run_cli("webhooks remove " + db + "--tenant giessen --id " + id);
  REQUIRE(result.exit_code == 0);
  CHECK(contains(result.output, "webhook " + id + " of tenant giessen removed"));
  CHECK(run_cli("webhooks list " + db + "--tenant giessen").output.empty());
  result = run_cli("webhooks deliveries " + db + "--tenant giessen --id " + id + " --status cancelled");
  REQUIRE(result.exit_code == 0);
  const std::string delivery = first_match(result.output, "\"id\":\"(D-[0-9a-f]+)\"");
  CHECK(contains(result.output, "\"status\":\"cancelled\""));
  result = run_cli("webhooks redeliver " + db + "--tenant giessen --delivery " + delivery);
  CHECK(result.exit_code == 1);
  CHECK(contains(result.output, "error: not_found"));
  CHECK(run_cli("webhooks remove " + db + "--tenant giessen --id " + id).exit_code == 1);

  result = run_cli("webhooks " + db + "--tenant giessen");
  CHECK(result.exit_code == 2);
  CHECK(contains(result.output, "usage: amtsweg webhooks list"));
}
