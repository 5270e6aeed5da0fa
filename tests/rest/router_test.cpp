// The router as a pure function: pattern matching, 404/405, and the one place where exceptions
// become JSON errors with precise statuses. No engine, no network.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "adapters/rest/api_error.hpp"
#include "adapters/rest/json_body.hpp"
#include "adapters/rest/request_log.hpp"
#include "adapters/rest/router.hpp"
#include "engine/error.hpp"

using namespace amtsweg;
using namespace amtsweg::rest;

namespace {

Request request(const std::string& method, const std::string& target, const std::string& body = "",
                const std::string& content_type = "application/json") {
  Request r;
  r.method = method;
  r.target = target;
  r.body = body;
  if (!content_type.empty()) r.headers["content-type"] = content_type;
  return r;
}

Response text(std::string body) {
  Response response;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

boost::json::value error_of(const Response& response) { return boost::json::parse(response.body).at("error"); }

}  // namespace

TEST_CASE("router matches literal segments and placeholders", "[rest]") {
  Router router;
  router.add("GET", "/api/v1/cases/{id}",
             [](const Request&, const PathParams& p) { return text("case " + p.at("id")); });
  router.add("GET", "/api/v1/cases/{id}/history",
             [](const Request&, const PathParams& p) { return text("history " + p.at("id")); });
  router.add("POST", "/api/v1/tasks/{id}/{action}",
             [](const Request&, const PathParams& p) { return text(p.at("action") + " " + p.at("id")); });

  CHECK(router.handle(request("GET", "/api/v1/cases/C-1")).body == "case C-1");
  CHECK(router.handle(request("GET", "/api/v1/cases/C-1/history")).body == "history C-1");
  CHECK(router.handle(request("GET", "/api/v1/cases/C%2D2?x=1")).body == "case C-2");
  CHECK(router.handle(request("POST", "/api/v1/tasks/T-9/claim")).body == "claim T-9");
  CHECK(router.routes().size() == 3);
  CHECK(router.handle(request("GET", "/api/v1/cases/C-1")).route == "GET /api/v1/cases/{id}");
  CHECK(router.handle(request("GET", "/api/v1/elsewhere")).route.empty());
}

TEST_CASE("the request log line is JSON with the route pattern, status and duration", "[rest]") {
  Request r = request("POST", "/api/v1/tasks/T-\"1/complete?x=1");
  Response response;
  response.status = 409;
  response.route = "POST /api/v1/tasks/{id}/complete";
  const auto line = boost::json::parse(request_log_line(r, response, std::chrono::microseconds(1500), 1772442000000));
  CHECK(line.at("time") == "2026-03-02T09:00:00Z");
  CHECK(line.at("method") == "POST");
  CHECK(line.at("route") == "POST /api/v1/tasks/{id}/complete");
  CHECK(line.at("path") == "/api/v1/tasks/T-\"1/complete");
  CHECK(line.at("status") == 409);
  CHECK(line.at("duration_us").to_number<std::int64_t>() == 1500);
  CHECK(line.at("principal").is_null());
  r.trace = {"giessen/anna", "C-1"};
  const auto traced = boost::json::parse(request_log_line(r, response, {}, 0));
  CHECK(traced.at("principal") == "giessen/anna");
  CHECK(traced.at("case_id") == "C-1");
  response.route.clear();
  CHECK(boost::json::parse(request_log_line(r, response, {}, 0)).at("route").is_null());
}

TEST_CASE("router answers 404 for unknown paths and 405 with Allow for wrong methods", "[rest]") {
  Router router;
  router.add("GET", "/api/v1/cases/{id}", [](const Request&, const PathParams&) { return text("x"); });
  router.add("DELETE", "/api/v1/cases/{id}", [](const Request&, const PathParams&) { return text("x"); });

  const Response missing = router.handle(request("GET", "/api/v1/nothing"));
  CHECK(missing.status == 404);
  CHECK(error_of(missing).at("code") == "not_found");
  CHECK(router.handle(request("GET", "/api/v1/cases")).status == 404);
  CHECK(router.handle(request("GET", "/api/v1/cases/C-1/extra")).status == 404);

  const Response wrong = router.handle(request("PUT", "/api/v1/cases/C-1"));
  CHECK(wrong.status == 405);
  CHECK(wrong.headers.at("allow") == "GET, DELETE");
  CHECK(error_of(wrong).at("code") == "method_not_allowed");
}

TEST_CASE("router converts every failure into the JSON error shape", "[rest]") {
  Router router;
  auto throwing = [](auto make) { return [make](const Request&, const PathParams&) -> Response { throw make(); }; };
  router.add("GET", "/invalid-argument", throwing([] { return Error(ErrorKind::InvalidArgument, "bad input"); }));
  router.add("GET", "/not-found", throwing([] { return Error(ErrorKind::NotFound, "no case C-1"); }));
  router.add("GET", "/conflict", throwing([] { return Error(ErrorKind::Conflict, "task already claimed"); }));
  router.add("GET", "/rule", throwing([] { return Error(ErrorKind::RuleViolation, "copies must be >= 1"); }));
  router.add("GET", "/invalid", throwing([] {
               return Error(ErrorKind::Invalid, "invalid", boost::json::array{{{"line", 3}}});
             }));
  router.add("GET", "/script", throwing([] { return Error(ErrorKind::ScriptFailure, "guard failed"); }));
  router.add("GET", "/io", throwing([] { return Error(ErrorKind::Io, "disk /secret/path full"); }));
  router.add("GET", "/full", throwing([] { return Error(ErrorKind::StorageFull, "disk /secret/path full"); }));
  router.add("GET", "/corrupt", throwing([] { return Error(ErrorKind::Corruption, "bad row"); }));
  router.add("GET", "/unauthorized", throwing([] { return HttpError(401, "unauthorized", "no token"); }));
  router.add("GET", "/unexpected", throwing([] { return std::logic_error("oops"); }));

  struct Expectation {
    const char* path;
    int status;
    const char* code;
  };
  for (const Expectation& e :
       {Expectation{"/invalid-argument", 400, "invalid_argument"}, Expectation{"/not-found", 404, "not_found"},
        Expectation{"/conflict", 409, "conflict"}, Expectation{"/rule", 422, "rule_violation"},
        Expectation{"/invalid", 422, "invalid_definition"}, Expectation{"/script", 422, "script_failure"},
        Expectation{"/io", 503, "storage_unavailable"}, Expectation{"/full", 503, "storage_full"},
        Expectation{"/corrupt", 500, "corruption"}, Expectation{"/unauthorized", 401, "unauthorized"},
        Expectation{"/unexpected", 500, "internal"}}) {
    INFO(e.path);
    const Response response = router.handle(request("GET", e.path));
    CHECK(response.status == e.status);
    CHECK(response.content_type == "application/json");
    const auto error = error_of(response);
    CHECK(error.at("code") == e.code);
    CHECK(error.as_object().contains("message"));
    CHECK(error.as_object().contains("details"));
  }
  CHECK(error_of(router.handle(request("GET", "/not-found"))).at("message") == "no case C-1");
  CHECK(error_of(router.handle(request("GET", "/invalid"))).at("details").at(0).at("line") == 3);
  // Internal details (paths, SQL) stay in the server log.
  CHECK(router.handle(request("GET", "/io")).body.find("/secret/path") == std::string::npos);
  CHECK(router.handle(request("GET", "/unauthorized")).headers.at("WWW-Authenticate") == "Bearer");
}

TEST_CASE("json bodies: media type, syntax, shape and unknown fields are named", "[rest]") {
  SECTION("a JSON object with known fields") {
    const auto body = parse_json_object_body(request("POST", "/", R"({"id": "e1", "payload": {"a": 1}})"));
    const JsonFields fields(body, {"id", "payload"});
    CHECK(fields.required_string("id") == "e1");
    CHECK(fields.optional_object("payload")->at("a") == 1);
    CHECK_FALSE(fields.optional_string("type"));
  }
  SECTION("charset parameters and +json types are JSON") {
    CHECK_NOTHROW(parse_json_body(request("POST", "/", "{}", "application/json; charset=utf-8")));
    CHECK_NOTHROW(parse_json_body(request("POST", "/", "{}", "application/merge-patch+json")));
  }
  SECTION("a non-JSON content type is 415") {
    try {
      parse_json_body(request("POST", "/", "a=1", "application/x-www-form-urlencoded"));
      FAIL("expected 415");
    } catch (const HttpError& error) {
      CHECK(error.status() == 415);
    }
  }
  SECTION("malformed JSON is 400 with the position") {
    try {
      parse_json_body(request("POST", "/", R"({"id": )"));
      FAIL("expected 400");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::InvalidArgument);
      CHECK_THAT(error.what(), Catch::Contains("not valid JSON"));
    }
    CHECK_THROWS_AS(parse_json_body(request("POST", "/", R"({} x)")), Error);
    CHECK_THROWS_AS(parse_json_body(request("POST", "/", "")), Error);
  }
  SECTION("a non-object body is refused, an empty one may count as {}") {
    CHECK_THROWS_WITH(parse_json_object_body(request("POST", "/", "[1]")), Catch::Contains("an array"));
    CHECK(parse_json_object_body(request("POST", "/", ""), true).empty());
  }
  SECTION("unknown fields and wrong types name the field") {
    const boost::json::object body{{"id", 7}, {"colour", "red"}};
    CHECK_THROWS_WITH((JsonFields(body, {"id"})), Catch::Contains("unknown field 'colour'"));
    const JsonFields fields(body, {"id", "colour"});
    CHECK_THROWS_WITH(fields.required_string("id"), Catch::Contains("'id' must be a string, not a number"));
    CHECK_THROWS_WITH(fields.required_object("payload"), Catch::Contains("'payload' is required"));
  }
}
