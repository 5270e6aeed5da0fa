// API principals' bearer tokens: random, shown once, stored only as a hash, revocable, and never
// valid for a name that was revoked.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "engine/error.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

TEST_CASE("a token authenticates its principal and is stored only as its hash", "[runtime][tokens]") {
  EngineFixture f;
  const IssuedToken issued = f.engine->issue_token("giessen", "portal", {"integrator", "clerk:standesamt"});
  CHECK(issued.token.size() == 8 + 64);  // "amtsweg_" + 256 bits in hex
  const auto principal = f.engine->authenticate(issued.token);
  REQUIRE(principal);
  CHECK(principal->tenant == "giessen");
  CHECK(principal->name == "portal");
  CHECK(principal->roles == std::vector<std::string>{"integrator", "clerk:standesamt"});
  CHECK_FALSE(f.engine->authenticate(issued.token + "x"));
  CHECK_FALSE(f.engine->authenticate(""));
  f.reopen();
  CHECK(f.engine->authenticate(issued.token));
  SQLite::Database db(f.db_path(), SQLite::OPEN_READONLY);
  SQLite::Statement rows(db, "SELECT COUNT(*) FROM api_tokens WHERE hash = ? AND hash <> ?");
  rows.bind(1, issued.record.hash);
  rows.bind(2, issued.token);
  REQUIRE(rows.executeStep());
  CHECK(rows.getColumn(0).getInt() == 1);
  SQLite::Statement plain(db, "SELECT COUNT(*) FROM api_tokens WHERE hash = ? OR name = ?");
  plain.bind(1, issued.token);
  plain.bind(2, issued.token);
  REQUIRE(plain.executeStep());
  CHECK(plain.getColumn(0).getInt() == 0);
}

TEST_CASE("tokens are distinct, names are unique per tenant, roles are checked", "[runtime][tokens]") {
  EngineFixture f;
  const auto a = f.engine->issue_token("giessen", "anna", {"clerk:buergerbuero"});
  const auto b = f.engine->issue_token("kassel", "anna", {"clerk:buergerbuero"});  // other tenant: fine
  CHECK(a.token != b.token);
  CHECK_THROWS_AS(f.engine->issue_token("giessen", "anna", {"admin"}), Error);
  try {
    f.engine->issue_token("giessen", "eve", {"root"});
    FAIL("an unknown role was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::InvalidArgument);
    CHECK(std::string(e.what()).find("'root'") != std::string::npos);
  }
  CHECK_THROWS_AS(f.engine->issue_token("giessen", "eve", {"clerk:"}), Error);
  CHECK(f.engine->tokens("giessen").size() == 1);
}

TEST_CASE("a revoked token no longer authenticates, its name can be issued again", "[runtime][tokens]") {
  EngineFixture f;
  const auto old_token = f.engine->issue_token("giessen", "portal", {"integrator"});
  f.engine->revoke_token("giessen", "portal");
  CHECK_FALSE(f.engine->authenticate(old_token.token));
  try {
    f.engine->revoke_token("giessen", "portal");
    FAIL("revoking twice was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::NotFound);
  }
  const auto new_token = f.engine->issue_token("giessen", "portal", {"integrator"});
  CHECK(f.engine->authenticate(new_token.token));
  CHECK_FALSE(f.engine->authenticate(old_token.token));
  const auto listed = f.engine->tokens("giessen");
  REQUIRE(listed.size() == 2);
  CHECK(std::count_if(listed.begin(), listed.end(), [](const ApiToken& t) { return t.revoked_at.has_value(); }) == 1);
}
