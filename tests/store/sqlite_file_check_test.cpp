// Opening a database file that is not a sound amtsweg database: random bytes, a damaged amtsweg
// file, another application's SQLite file. Each is refused as Corruption, naming the file, and
// left byte for byte as it was; amtsweg's own files (old ones too) open and carry its mark.
#include "engine/store/sqlite/sqlite_file_check.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <random>

#include "engine/error.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/store/sample_records.hpp"
#include "tests/store/temporary_directory.hpp"

namespace amtsweg {
namespace {

using namespace testing;

std::string bytes_of(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

// Opens `path` expecting a refusal; returns its message. The file must be unchanged.
std::string refusal(const std::string& path) {
  const std::string before = bytes_of(path);
  std::string message;
  try {
    SqliteStore::open(path);
    FAIL("the file was opened as a store");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::Corruption);
    message = error.what();
  }
  CHECK_THAT(message, Catch::StartsWith("store: open " + path + ": "));
  CHECK_THAT(message, Catch::Contains("refuses to use it and changed nothing"));
  CHECK(bytes_of(path) == before);
  return message;
}

std::int64_t application_id(const std::string& path) {
  SQLite::Database database(path, SQLite::OPEN_READONLY);
  SQLite::Statement query(database, "PRAGMA application_id");
  REQUIRE(query.executeStep());
  return query.getColumn(0).getInt64();
}

TEST_CASE("sqlite store: random bytes are refused as not an SQLite database", "[store][file]") {
  TemporaryDirectory directory;
  const auto path = directory.file("random.db");
  {
    std::mt19937 random(11);
    std::ofstream file(path, std::ios::binary);
    for (int index = 0; index < 16384; ++index) file.put(static_cast<char>(random()));
  }
  CHECK_THAT(refusal(path), Catch::Contains("not an SQLite database"));
}

TEST_CASE("sqlite store: another application's SQLite database is refused, not taken over", "[store][file]") {
  TemporaryDirectory directory;
  const auto path = directory.file("photos.db");
  {
    SQLite::Database database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    database.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) VALUES ('a')");
  }
  CHECK_THAT(refusal(path), Catch::Contains("another application (tables: photos)"));

  SECTION("also when it has an application id of its own") {
    {
      SQLite::Database database(path, SQLite::OPEN_READWRITE);
      database.exec("PRAGMA application_id = 1234");
    }
    CHECK_THAT(refusal(path), Catch::Contains("belongs to another application (SQLite application_id 0x000004d2"));
  }
}

TEST_CASE("sqlite store: a damaged amtsweg database is refused, not repaired", "[store][file]") {
  TemporaryDirectory directory;
  const auto path = directory.file("damaged.db");
  {
    auto store = SqliteStore::open(path);
    auto writer = store->open_writer();
    writer->begin();
    for (int index = 0; index < 300; ++index) writer->insert_case(sample_case("C-" + std::to_string(1000 + index)));
    writer->commit();
  }
  {
    // Garbage over four pages in the middle of the file; the header stays intact.
    std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
    file.seekp(4096 * 8);
    file << std::string(4096 * 4, '\x5a');
  }
  CHECK_THAT(refusal(path), Catch::Contains("the database is damaged"));
}

TEST_CASE("sqlite store: amtsweg files carry its application id, older unmarked ones still open", "[store][file]") {
  TemporaryDirectory directory;
  const auto path = directory.file("marked.db");
  SqliteStore::open(path);
  CHECK(application_id(path) == kAmtswegApplicationId);
  {
    SQLite::Database database(path, SQLite::OPEN_READWRITE);
    database.exec("PRAGMA application_id = 0");  // as written before the mark existed
  }
  CHECK_NOTHROW(SqliteStore::open(path));
  CHECK(application_id(path) == kAmtswegApplicationId);
}

}  // namespace
}  // namespace amtsweg
