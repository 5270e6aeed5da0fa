// `amtsweg migrate-cases` end to end: the dry run names a refused case and changes nothing (exit 1),
// the move with --map succeeds (exit 0), `cases` shows the version and `verify` stays clean.
#include <catch2/catch.hpp>

#include <string>

#include "tests/runtime/licence_versions.hpp"
#include "tests/support/cli_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace amtsweg::testing;

TEST_CASE("migrate-cases: dry run, refusal without a map, the move with --map", "[cli][migration]") {
  TempDir dir;
  const std::string db = "--db " + dir.file("cli.db") + " ";
  REQUIRE(run_cli("deploy " + db + write_file(dir, "licence.yaml", kLicenceV1)).exit_code == 0);
  auto result = run_cli("start " + db + "--tenant giessen --process licence");
  REQUIRE(result.exit_code == 0);
  const std::string case_id = first_match(result.output, "started (C-[0-9a-f]+) in state intake");
  result = run_cli("tasks " + db + "--tenant giessen --role office");
  const std::string task_id = first_match(result.output, "(T-[0-9a-f]+)  open  role office");
  REQUIRE(run_cli("complete " + db + "--tenant giessen --task " + task_id + " --user anna").exit_code == 0);
  REQUIRE(run_cli("deploy " + db + write_file(dir, "licence.yaml", kLicenceV2)).exit_code == 0);
  const std::string migrate = "migrate-cases " + db + "--tenant giessen --process licence --from 1 --to 2 ";

  result = run_cli(migrate + "--dry-run");
  CHECK(result.exit_code == 1);
  CHECK(result.output.find("  review  refused: version 2 of licence has no state 'review'") != std::string::npos);
  CHECK(result.output.find("  intake -> intake  task kept") != std::string::npos);
  CHECK(result.output.find(case_id + "  refused  review") != std::string::npos);
  CHECK(result.output.find("1 case: 0 would move, 1 refused, 0 failed (dry run: nothing changed)") !=
        std::string::npos);

  result = run_cli(migrate + "--map review=checking --dry-run --json");
  CHECK(result.exit_code == 0);
  CHECK(result.output.find("\"result\": \"would_migrate\"") != std::string::npos);
  CHECK(run_cli("cases " + db + "--tenant giessen").output.find("licence v1") != std::string::npos);

  CHECK(run_cli(migrate + "--map review").exit_code != 0);  // OLD=NEW
  result = run_cli(migrate + "--map review=checking");
  CHECK(result.exit_code == 0);
  CHECK(result.output.find("review -> checking  task recreated  timers P30D") != std::string::npos);
  CHECK(result.output.find(case_id + "  migrated  review -> checking") != std::string::npos);
  CHECK(run_cli("cases " + db + "--tenant giessen").output.find("licence v2  active  checking") != std::string::npos);
  CHECK(run_cli("history " + db + "--tenant giessen " + case_id).output.find("case.migrated  review -> checking") !=
        std::string::npos);
  result = run_cli("audit " + db + "--tenant giessen --action case.migrated");
  CHECK(result.output.find(case_id) != std::string::npos);
  result = run_cli("verify " + dir.file("cli.db"));
  CHECK(result.exit_code == 0);
}
