// Bearer tokens: random, stored only as SHA-256, resolved and revoked through the directory, and
// used end to end by the router (401 for unknown or revoked tokens).
#include <catch2/catch.hpp>
#include <set>

#include "adapters/rest/bearer_tokens.hpp"
#include "engine/error.hpp"
#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::rest;

TEST_CASE("issued tokens are random, long, and stored only as their hash", "[rest]") {
  const Principal anna{"giessen", "anna", {"clerk:standesamt"}};
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const rest::IssuedToken issued = issue_token(anna, 1000);
    CHECK(issued.token.starts_with("amtsweg_"));
    CHECK(issued.token.size() == 8 + 43);  // 256 bits in base64url
    CHECK(issued.record.hash == token_hash(issued.token));
    CHECK(issued.record.hash.size() == 64);
    CHECK(issued.record.hash.find(issued.token) == std::string::npos);
    seen.insert(issued.token);
  }
  CHECK(seen.size() == 50);
  // SHA-256("abc"), FIPS 180-2 test vector.
  CHECK(token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("roles are admin, integrator or clerk:<group>", "[rest]") {
  CHECK(parse_roles("admin") == std::vector<std::string>{"admin"});
  CHECK(parse_roles("integrator,clerk:standesamt") == std::vector<std::string>{"integrator", "clerk:standesamt"});
  CHECK_THROWS_WITH(parse_roles("root"), Catch::Contains("unknown role 'root'"));
  CHECK_THROWS_AS(parse_roles("clerk:"), Error);
  CHECK_THROWS_AS(parse_roles("clerk:a b"), Error);
  CHECK_THROWS_AS(issue_token(Principal{"", "x", {"admin"}}, 0), Error);
  CHECK_THROWS_AS(issue_token(Principal{"giessen", "x", {}}, 0), Error);
  CHECK_THROWS_AS(issue_token(Principal{"giessen", "x", {"superuser"}}, 0), Error);
}

TEST_CASE("the token authenticator resolves known tokens and refuses revoked ones, through the API", "[rest]") {
  testing::EngineFixture fixture;
  InMemoryTokenDirectory directory;
  const rest::IssuedToken admin = issue_token(Principal{"giessen", "alice", {"admin"}}, fixture.clock.now());
  directory.add(admin.record);
  const Router router = make_api_router(ApiContext{*fixture.engine, fixture.clock, token_authenticator(directory)});

  auto list_processes = [&router](const std::string& authorization) {
    Request request;
    request.method = "GET";
    request.target = "/api/v1/processes";
    if (!authorization.empty()) request.headers["Authorization"] = authorization;
    return router.handle(request).status;
  };
  CHECK(list_processes("Bearer " + admin.token) == 200);
  CHECK(list_processes("Bearer " + admin.token + "x") == 401);
  CHECK(list_processes("Bearer " + admin.record.hash) == 401);  // the stored hash is not a token
  CHECK(list_processes("Basic " + admin.token) == 401);
  CHECK(list_processes("") == 401);
  CHECK(directory.revoke("giessen", "alice") == 1);
  CHECK(list_processes("Bearer " + admin.token) == 401);
}
