// The amtsweg executable end to end: every command is its own process on the same SQLite file,
// so each step also proves that the previous one survived a restart.
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include "engine/dsl/process_schema.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/runtime/incident_processes.hpp"
#include "tests/support/cli_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace amtsweg::testing;

TEST_CASE("validate accepts a good definition and rejects a broken one with its position", "[cli]") {
  TempDir dir;
  const auto good = write_file(dir, "good.yaml", kCertificateYaml);
  const auto bad =
      write_file(dir, "bad.yaml", "id: bad\ntitle: Bad\nstart: a\nstates:\n  a:\n    on:\n      go: nowhere\n");
  auto result = run_cli("validate " + good);
  CHECK(result.exit_code == 0);
  CHECK(result.output.find("ok (certificate") != std::string::npos);
  result = run_cli("validate " + good + " " + bad);
  CHECK(result.exit_code == 1);
  CHECK(result.output.find(bad + ":7:11: transition to unknown state 'nowhere'") != std::string::npos);
}

TEST_CASE("a case is started, driven by an event and a task, and inspected across restarts", "[cli]") {
  TempDir dir;
  const auto definition = write_file(dir, "certificate.yaml", kCertificateYaml);
  const std::string db = "--db " + dir.file("cli.db") + " ";

  auto result = run_cli("deploy " + db + definition);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("certificate version 1 deployed") != std::string::npos);

  result =
      run_cli("start " + db + "--tenant giessen --process certificate --data '{\"name\": \"Erika\", \"copies\": 2}'");
  REQUIRE(result.exit_code == 0);
  const std::string case_id = first_match(result.output, "started (C-[0-9a-f]+) in state awaiting_payment");

  result = run_cli("event " + db +
                   "--tenant giessen --id pay-1 --type payment.confirmed --correlation '{\"payment_ref\": \"PAY-" +
                   case_id + "\"}' --payload '{\"amount\": 18}'");
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("\"to\": \"review\"") != std::string::npos);

  result = run_cli("tasks " + db + "--tenant giessen --role standesamt");
  REQUIRE(result.exit_code == 0);
  const std::string task_id = first_match(result.output, "(T-[0-9a-f]+)  open  role standesamt");

  CHECK(run_cli("claim " + db + "--tenant giessen --task " + task_id + " --user anna").exit_code == 0);
  result = run_cli("complete " + db + "--tenant giessen --task " + task_id +
                   " --user anna --data '{\"decision\": \"approve\"}'");
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("case " + case_id + " is completed in state issued") != std::string::npos);

  result = run_cli("case " + db + "--tenant giessen " + case_id);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("\"outcome\": \"issued\"") != std::string::npos);

  result = run_cli("history " + db + "--tenant giessen " + case_id);
  CHECK(result.output.find("payment.confirmed  awaiting_payment -> review") != std::string::npos);

  result = run_cli("verify " + dir.file("cli.db"));
  CHECK(result.exit_code == 0);
  CHECK(result.output.find("1 cases checked, 0 with a broken history") != std::string::npos);
}

TEST_CASE("CLI errors name the problem and exit non-zero", "[cli]") {
  TempDir dir;
  const std::string db = "--db " + dir.file("cli.db") + " ";
  auto result = run_cli("start " + db + "--tenant giessen --process nothing");
  CHECK(result.exit_code == 1);
  CHECK(result.output.find("error: not_found: no process 'nothing' is deployed") != std::string::npos);
  result = run_cli("start " + db + "--tenant giessen --process nothing --colour red");
  CHECK(result.exit_code == 2);
  CHECK(result.output.find("unknown option --colour") != std::string::npos);
}

TEST_CASE("a database file that is not usable is refused with exit code 3, unchanged", "[cli][faults]") {
  TempDir dir;
  const std::string garbage = dir.file("garbage.db");
  {
    std::ofstream file(garbage, std::ios::binary);
    for (int index = 0; index < 8192; ++index) file.put(static_cast<char>(index * 7 + 3));
  }
  for (const std::string& command : {"verify " + garbage, "serve --port 0 --db " + garbage}) {
    INFO(command);
    const auto result = run_cli(command);
    CHECK(result.exit_code == 3);
    CHECK(result.output.find("error: corruption: store: open " + garbage + ": the file is not an SQLite database") !=
          std::string::npos);
    CHECK(result.output.find("Serving") == std::string::npos);
  }
  std::ifstream unchanged(garbage, std::ios::binary);
  const std::string bytes(std::istreambuf_iterator<char>(unchanged), {});
  CHECK(bytes.size() == 8192);
  CHECK(bytes[100] == static_cast<char>(100 * 7 + 3));

  // A damaged database: opening reads only the header and schema, so the commands that read every
  // page first refuse it (verify, serve --check) before they read or write anything else.
  const std::string damaged = dir.file("damaged.db");
  REQUIRE(run_cli("processes --db " + damaged).exit_code == 0);
  SQLite::Database(damaged, SQLite::OPEN_READWRITE)
      .exec(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
          "INSERT INTO audit_log (tenant, at, actor, action, target, detail) "
          "SELECT 'giessen', i, 'admin', 'deploy', 'p' || i, '{}' FROM n");
  const auto pages = std::filesystem::file_size(damaged) / 4096;
  REQUIRE(pages > 20);
  {
    std::fstream file(damaged, std::ios::binary | std::ios::in | std::ios::out);
    file.seekp(std::streamoff(4096 * (pages - 6)));
    file << std::string(4096 * 4, '\x5a');
  }
  std::ifstream before_file(damaged, std::ios::binary);
  const std::string before(std::istreambuf_iterator<char>(before_file), {});
  for (const std::string& command : {"verify " + damaged, "serve --check --port 0 --db " + damaged}) {
    INFO(command);
    const auto result = run_cli(command);
    CHECK(result.exit_code == 3);
    CHECK(result.output.find("error: corruption: store: open " + damaged +
                             ": the database is damaged (quick_check: ") != std::string::npos);
    CHECK(result.output.find("Serving") == std::string::npos);
    std::ifstream after(damaged, std::ios::binary);
    CHECK(std::string(std::istreambuf_iterator<char>(after), {}) == before);
  }

  // A database written by a newer amtsweg: its schema version is unknown to this build.
  const std::string newer = dir.file("newer.db");
  REQUIRE(run_cli("processes --db " + newer).exit_code == 0);
  SQLite::Database(newer, SQLite::OPEN_READWRITE).exec("INSERT INTO schema_version VALUES (999, 0)");
  const auto result = run_cli("processes --db " + newer);
  CHECK(result.exit_code == 3);
  CHECK(result.output.find("schema version 999") != std::string::npos);
}

TEST_CASE("graph draws a YAML file as SVG or DOT without a database", "[cli]") {
  TempDir dir;
  const auto file = write_file(dir, "certificate.yaml", kCertificateYaml);
  auto result = run_cli("graph " + file);
  CHECK(result.exit_code == 0);
  CHECK(result.output.find("<svg") != std::string::npos);
  CHECK(result.output.find(">awaiting_payment") != std::string::npos);

  result = run_cli("graph " + file + " --format dot -o " + dir.file("certificate.dot"));
  CHECK(result.exit_code == 0);
  std::ifstream written(dir.file("certificate.dot"));
  const std::string dot((std::istreambuf_iterator<char>(written)), std::istreambuf_iterator<char>());
  CHECK(dot.find("\"awaiting_payment\" -> \"cancelled\" [label=\"after P14D\"]") != std::string::npos);

  const auto bad =
      write_file(dir, "bad.yaml", "id: bad\ntitle: Bad\nstart: a\nstates:\n  a:\n    on:\n      go: nowhere\n");
  result = run_cli("graph " + bad);
  CHECK(result.exit_code == 1);
  CHECK(result.output.find(bad + ":7:11: transition to unknown state 'nowhere'") != std::string::npos);
  CHECK(run_cli("graph " + file + " --format png").exit_code == 2);
}

TEST_CASE("schema prints the JSON Schema of the process language built into the binary", "[cli][schema]") {
  const auto result = run_cli("schema");
  CHECK(result.exit_code == 0);
  CHECK(result.output == amtsweg::process_schema_json());
  CHECK(run_cli("schema extra").exit_code == 2);
  CHECK(run_cli("schema --db x.db").exit_code == 2);
  CHECK(run_cli("help").output.find("\n  schema ") != std::string::npos);
}

TEST_CASE("incidents: a failing timer is listed by the CLI and retried once the param is fixed", "[cli][incidents]") {
  TempDir dir;
  const auto definition = write_file(dir, "dunning.yaml", kDunningYaml);
  const std::string db = "--db " + dir.file("cli.db") + " ";
  REQUIRE(run_cli("deploy " + db + definition).exit_code == 0);
  REQUIRE(run_cli("params " + db + "--tenant giessen --process dunning '{\"dunning_fee\": -5}'").exit_code == 0);
  const auto started = run_cli("start " + db + "--tenant giessen --process dunning --now 2026-03-02T09:00:00Z");
  REQUIRE(started.exit_code == 0);
  const std::string case_id = first_match(started.output, "started (C-[0-9a-f]+)");

  auto result = run_cli("fire " + db + "--now 2026-03-03T10:00:00Z");
  CHECK(result.exit_code == 1);
  CHECK(result.output.find("1 failed") != std::string::npos);
  result = run_cli("fire " + db + "--now 2026-03-03T11:00:00Z");  // held: not tried again
  CHECK(result.exit_code == 0);
  CHECK(result.output.find("0 timers fired") != std::string::npos);

  result = run_cli("incidents " + db + "--tenant giessen --status open");
  REQUIRE(result.exit_code == 0);
  const std::string incident = first_match(result.output, "(I-[0-9a-f]+)  open  case " + case_id);
  CHECK(result.output.find("dunning_fee must not be negative") != std::string::npos);
  CHECK(run_cli("incidents " + db + "--tenant marburg").output.find("0 incidents") != std::string::npos);

  result = run_cli("retry " + db + "--tenant giessen " + incident);
  CHECK(result.exit_code != 0);
  REQUIRE(run_cli("params " + db + "--tenant giessen --process dunning '{\"dunning_fee\": 7}'").exit_code == 0);
  result = run_cli("retry " + db + "--tenant giessen --user alice " + incident);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("\"resolution\": \"retried\"") != std::string::npos);
  CHECK(result.output.find("\"attempts\": 2") != std::string::npos);
  CHECK(run_cli("case " + db + "--tenant giessen " + case_id).output.find("\"state\": \"dunned\"") !=
        std::string::npos);
}
