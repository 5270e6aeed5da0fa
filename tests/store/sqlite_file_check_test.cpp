// Opening a database file that is not a sound amtsweg database: random bytes, a damaged amtsweg
// file (refused when every page is read: verify, serve --check), another application's SQLite
// file. Each is refused as Corruption, naming the file, and left byte for byte as it was;
// amtsweg's own files (old ones too) open and carry its mark.
#include "engine/store/sqlite/sqlite_file_check.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <filesystem>
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

enum class Check { Open, EveryPage };

// Opens `path` (or, with Check::EveryPage, reads every page of it) expecting a refusal; returns
// its message. The file must be unchanged.
std::string refusal(const std::string& path, Check check = Check::Open) {
  const std::string before = bytes_of(path);
  std::string message;
  try {
    if (check == Check::Open) SqliteStore::open(path);
    if (check == Check::EveryPage) SqliteStore::check_every_page(path);
    FAIL("the file was accepted");
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
  CHECK_THAT(refusal(path, Check::EveryPage), Catch::Contains("not an SQLite database"));
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
  const auto pages = std::filesystem::file_size(path) / 4096;
  REQUIRE(pages > 40);
  {
    // Garbage over four pages of case rows near the end of the file; the header and the schema
    // (the first pages) stay intact.
    std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
    file.seekp(std::streamoff(4096 * (pages - 6)));
    file << std::string(4096 * 4, '\x5a');
  }
  CHECK_THAT(refusal(path, Check::EveryPage), Catch::Contains("the database is damaged (quick_check: "));

  SECTION("opening reads the header and the schema only, so it does not see the damage") {
    // What makes a start take milliseconds on a large file; verify and serve --check refuse it.
    CHECK_NOTHROW(SqliteStore::open(path));
  }
}

TEST_CASE("sqlite store: checking every page of a sound or an absent file", "[store][file]") {
  TemporaryDirectory directory;
  const auto path = directory.file("sound.db");
  try {
    SqliteStore::check_every_page(path);
    FAIL("an absent file was checked");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::NotFound);
  }
  CHECK_FALSE(std::filesystem::exists(path));
  {
    auto store = SqliteStore::open(path);
    auto writer = store->open_writer();
    writer->begin();
    writer->insert_case(sample_case("C-1000"));
    writer->commit();
  }
  CHECK_NOTHROW(SqliteStore::check_every_page(path));
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
