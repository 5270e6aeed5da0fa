// A REST API over a real engine on a SQLite file (or PostgreSQL, see EngineFixture): the certificate process deployed
// (shared), and real bearer tokens (issued by the engine) of two tenants' admins, an integrator, clerks, an operator.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>

#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/router.hpp"
#include "tests/support/engine_fixture.hpp"

namespace amtsweg::testing {

// A tenant's own definition for admin-marburg to deploy (?scope=tenant): every other tenant must
// see it as if it did not exist. Its title has quotes (escaped in SVG and JSON).
// A tenant's own definition (deployed by its admin), with a param to override.
inline const std::string kOwnProcess = R"(id: own-permit
title: A tenant's own permit
params:
  office:
    default: Ordnungsamt
start: open
states:
  open:
    on:
      close.requested:
        - to: closed
  closed:
    final: true
    outcome: done
)";

inline const std::string kMarburgOnlyProcess = R"(id: marburg-only
title: "Nur \"Marburg\""
start: open
states:
  open:
    on:
      close.requested: closed
  closed:
    final: true
)";

struct RestFixture : EngineFixture {
  // `rate_limiter`: the API's per-principal limit (null: none); `faults` and `backend`: see EngineFixture.
  explicit RestFixture(std::shared_ptr<rest::RateLimiter> rate_limiter = nullptr,
                       std::shared_ptr<StoreFaults> faults = nullptr, StoreBackend backend = StoreBackend::Sqlite);

  // Calls the router (no network) as the holder of `token`: a key of `principals` sends that
  // principal's real token, anything else is sent as it is (empty: no Authorization header).
  rest::Response call(const std::string& method, const std::string& target, const std::string& token,
                      const std::string& body = "", const std::string& content_type = "application/json",
                      const rest::HeaderMap& headers = {});
  // The response body as JSON.
  static boost::json::value json_of(const rest::Response& response);
  // Starts a certificate case through the API (as the integrator) and returns its id.
  std::string start_certificate(const std::string& body = R"({"name": "Erika Muster", "copies": 1})");
  // Starts a case and pays its fee, so the clerk's review task is open; returns the task id.
  std::string open_review_task(std::string* case_id = nullptr);

  // key -> principal; the fixture issues each a real token through the engine.
  std::map<std::string, rest::Principal> principals{
      {"admin-giessen", {"giessen", "alice", {"admin"}}},
      {"portal-giessen", {"giessen", "portal", {"integrator"}}},
      {"anna-giessen", {"giessen", "anna", {"clerk:standesamt"}}},
      {"bert-giessen", {"giessen", "bert", {"clerk:standesamt"}}},
      {"carl-giessen", {"giessen", "carl", {"clerk:buergerbuero"}}},
      {"admin-marburg", {"marburg", "mara", {"admin"}}},
      {"operator", {"platform", "ops", {"operator"}}},
  };
  std::map<std::string, std::string> tokens;  // key -> the issued token text
  // The API's request figures (GET /metrics); ServerFixture feeds them from its server.
  std::shared_ptr<rest::Metrics> metrics;
  rest::Router router;
};

}  // namespace amtsweg::testing
