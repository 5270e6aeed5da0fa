// What only the PostgreSQL store does: translating the shared SQL, opening (an unreachable server,
// a newer schema, nodes that migrate at once), and a failed statement spoiling its transaction.
// The contract itself is tested on both backends by the store_*_test files.
#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "engine/error.hpp"
#include "engine/store/open_store.hpp"
#include "engine/store/postgres/pg_connection.hpp"
#include "engine/store/postgres/pg_schema.hpp"
#include "engine/store/postgres/postgres_store.hpp"
#include "tests/store/sample_records.hpp"
#include "tests/support/store_backends.hpp"

namespace amtsweg {
namespace {

using namespace testing;

// The test's own schema on the test server, or nullopt (with a message) without one.
std::optional<TestDatabase> postgres_database() {
  if (!test_postgres_url()) {
    WARN("AMTSWEG_TEST_POSTGRES_URL is not set: not run (scripts/test starts a PostgreSQL cluster and sets it)");
    return std::nullopt;
  }
  return std::optional<TestDatabase>(std::in_place, StoreBackend::Postgres);
}

TEST_CASE("postgres store: the shared SQL in PostgreSQL's dialect", "[store][postgres]") {
  CHECK(translate_sql("SELECT a FROM t WHERE b = ? AND c > ? LIMIT ?") ==
        std::pair<std::string, int>{"SELECT a FROM t WHERE b = $1 AND c > $2 LIMIT $3", 3});
  // A ? inside a string literal is text, not a parameter.
  CHECK(translate_sql("SELECT '?' || x FROM t WHERE y = ?") ==
        std::pair<std::string, int>{"SELECT '?' || x FROM t WHERE y = $1", 1});
  CHECK(translate_sql("SELECT id FROM t WHERE role IN (SELECT value FROM json_each(?))").first ==
        "SELECT id FROM t WHERE role IN (SELECT value FROM json_array_elements_text($1::json))");
  CHECK(translate_sql("WHERE (key, value) IN (SELECT key, value FROM json_each(?))").first ==
        "WHERE (key, value) IN (SELECT key, value FROM json_each_text($1::json))");
  CHECK(translate_sql("WHERE title LIKE ? ESCAPE '\\'").first == "WHERE title ILIKE $1 ESCAPE '\\'");
}

TEST_CASE("postgres store: --db chooses the store by its scheme, messages never show a password", "[store][postgres]") {
  CHECK(is_postgres_url("postgresql://amtsweg@db1/amtsweg"));
  CHECK(is_postgres_url("postgres://db1/amtsweg"));
  CHECK_FALSE(is_postgres_url("data/postgresql.db"));
  CHECK_FALSE(is_postgres_url("/var/lib/amtsweg/cases.db"));
  CHECK(url_for_messages("postgresql://amtsweg:geheim@db1:5432/amtsweg") == "postgresql://amtsweg@db1:5432/amtsweg");
  CHECK(url_for_messages("postgresql://db1/amtsweg") == "postgresql://db1/amtsweg");
  CHECK(store_name("postgresql://a:geheim@db1/x") == "postgresql://a@db1/x");
}

TEST_CASE("postgres store: an unreachable server is an I/O error naming it without the password", "[store][postgres]") {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  try {
    open_store("postgresql://amtsweg:geheim@127.0.0.1:1/amtsweg?connect_timeout=5");
    FAIL("opened a store on a port where no server listens");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::Io);
    CHECK_THAT(error.what(), Catch::StartsWith("store: open postgresql://amtsweg@127.0.0.1:1/amtsweg"));
    CHECK_THAT(error.what(), !Catch::Contains("geheim"));
  }
}

TEST_CASE("postgres store: nodes that open an empty database at once migrate it once", "[store][postgres]") {
  auto database = postgres_database();
  if (!database) return;
  std::vector<std::future<std::unique_ptr<Store>>> nodes;
  for (int node = 0; node < 3; ++node)
    nodes.push_back(std::async(std::launch::async, [&] { return database->open(); }));
  std::vector<std::unique_ptr<Store>> stores;
  for (auto& node : nodes) stores.push_back(node.get());
  PgConnection connection(database->db());
  auto versions = connection.statement("SELECT COUNT(*), MAX(version) FROM schema_version");
  REQUIRE(versions->executeStep());
  CHECK(versions->getColumn(0).getInt64() == postgres_schema_version());
  CHECK(versions->getColumn(1).getInt64() == postgres_schema_version());
}

TEST_CASE("postgres store: a database written by a newer amtsweg is refused", "[store][postgres]") {
  auto database = postgres_database();
  if (!database) return;
  database->open();
  PgConnection(database->db()).execute("INSERT INTO schema_version VALUES (999, 0)");
  try {
    database->open();
    FAIL("a newer schema was opened");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::Corruption);
    CHECK_THAT(error.what(), Catch::Contains("schema version 999"));
  }
}

TEST_CASE("postgres store: a failed write outside a savepoint fails the commit, nothing is written",
          "[store][postgres]") {
  auto database = postgres_database();
  if (!database) return;
  auto store = database->open();
  auto writer = store->open_writer();
  writer->begin();
  writer->insert_case(sample_case("C-1"));
  writer->commit();

  writer->begin();
  writer->insert_case(sample_case("C-2"));
  CHECK_THROWS_AS(writer->insert_case(sample_case("C-1")), Error);  // a duplicate: the transaction is aborted
  try {
    writer->commit();
    FAIL("the commit of an aborted transaction succeeded");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::Io);
    CHECK_THAT(error.what(), Catch::Contains("rolled back"));
  }
  CHECK(store->open_reader()->all_case_ids() == std::vector<std::string>{"C-1"});
  // The writer goes on with the next transaction.
  writer->begin();
  writer->insert_case(sample_case("C-3"));
  writer->commit();
  CHECK(store->open_reader()->all_case_ids() == std::vector<std::string>{"C-1", "C-3"});
}

}  // namespace
}  // namespace amtsweg
