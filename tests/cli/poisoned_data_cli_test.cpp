// Issue 11, defect 1 through the command line: --data, --payload and params (inline or @file)
// refuse a number beyond a double naming the field, and `verify` names an unreadable case and
// goes on with the others.
#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <string>

#include "tests/runtime/certificate_process.hpp"
#include "tests/support/cli_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace amtsweg::testing;

TEST_CASE("CLI: 1e400 in --data, --payload or params is refused naming the field", "[cli][poison]") {
  TempDir dir;
  const auto definition = write_file(dir, "certificate.yaml", kCertificateYaml);
  const auto application = write_file(dir, "application.json", R"({"name": "E", "copies": 1, "extra": [1e400]})");
  const std::string db = "--db " + dir.file("cli.db") + " ";
  REQUIRE(run_cli("deploy " + db + definition).exit_code == 0);

  auto result = run_cli("start " + db + "--tenant giessen --process certificate --data @" + application);
  CHECK(result.exit_code == 2);  // invalid input, as every invalid_argument
  CHECK_THAT(result.output, Catch::Contains("data.extra[0]") && Catch::Contains("out of range"));
  result = run_cli("params " + db + "--tenant giessen --process certificate '{\"fee_first\": -1e400}'");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.output, Catch::Contains("params.fee_first"));

  result = run_cli("start " + db + "--tenant giessen --process certificate --data '{\"name\": \"E\", \"copies\": 1}'");
  REQUIRE(result.exit_code == 0);
  const std::string case_id = first_match(result.output, "(C-[0-9a-f]+)");
  result = run_cli("event " + db + "--tenant giessen --id p-1 --type payment.confirmed --correlation '{\"case\": \"" +
                   case_id + "\"}' --payload '{\"amount\": 1e400}'");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.output, Catch::Contains("payload.amount"));
  result = run_cli("cases " + db + "--tenant giessen --process certificate");
  CHECK(result.exit_code == 0);
  CHECK(result.output.find("Infinity") == std::string::npos);
}

TEST_CASE("CLI: verify names an unreadable case, checks the others and exits 1", "[cli][poison]") {
  TempDir dir;
  const auto definition = write_file(dir, "certificate.yaml", kCertificateYaml);
  const std::string path = dir.file("cli.db");
  const std::string db = "--db " + path + " ";
  REQUIRE(run_cli("deploy " + db + definition).exit_code == 0);
  std::string ids[2];
  for (auto& id : ids) {
    const auto started =
        run_cli("start " + db + "--tenant giessen --process certificate --data '{\"name\": \"E\", \"copies\": 1}'");
    REQUIRE(started.exit_code == 0);
    id = first_match(started.output, "(C-[0-9a-f]+)");
  }
  REQUIRE(run_cli("verify " + path).exit_code == 0);
  {
    SQLite::Database database(path, SQLite::OPEN_READWRITE);
    SQLite::Statement damage(database, "UPDATE cases SET data = '{\"x\":Infinity}' WHERE id = ?");
    damage.bind(1, ids[0]);
    REQUIRE(damage.exec() == 1);
  }
  const auto result = run_cli("verify " + path);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("case " + ids[0] + ": store: cases " + ids[0] + ": column data"));
  CHECK(result.output.find("case " + ids[1]) == std::string::npos);
  CHECK_THAT(result.output, Catch::Contains("2 cases checked, 1 with a broken history"));
}
