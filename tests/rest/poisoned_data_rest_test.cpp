// Issue 11, defects 1, 2 and 7 over a real socket: numbers beyond a double and control characters
// are refused with 400 naming the field at every JSON entry; one unreadable stored row leaves the
// case search and the buffered events answering; the case cursor and document names are checked.
#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "tests/rest/http_test_client.hpp"
#include "tests/rest/server_fixture.hpp"
#include "tests/runtime/incident_processes.hpp"

using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

const std::string kJson = "Content-Type: application/json\r\n";
const std::string kIntake = "/api/v1/processes/certificate/cases";

// The 400 answer's error, checked to name `field`.
void check_refused(const HttpReply& reply, const std::string& field) {
  INFO(reply.body);
  REQUIRE(reply.status == 400);
  const auto error = json::parse(reply.body).at("error");
  CHECK(error.at("code") == "invalid_argument");
  CHECK(error.at("details").at("field") == json::value(field));
  CHECK_THAT(std::string(error.at("message").as_string()), Catch::Contains(field));
}

void damage(const ServerFixture& f, const std::string& sql, const std::string& key) {
  SQLite::Database db(f.db_path(), SQLite::OPEN_READWRITE);
  SQLite::Statement statement(db, sql);
  statement.bind(1, key);
  REQUIRE(statement.exec() >= 1);
}

}  // namespace

TEST_CASE("REST: 1e400 is refused with 400 naming the field at intake, completion, events and params",
          "[rest][poison]") {
  ServerFixture f;
  HttpTestClient client(f.server.port());
  const std::string portal = f.bearer("portal-giessen") + kJson;

  check_refused(client.request("POST", kIntake, R"({"name": "E", "copies": 1, "extra": 1e400})", portal), "extra");
  check_refused(client.request("POST", kIntake, R"({"name": "E", "copies": 1, "x": [{"y": -1e400}]})", portal),
                "x[0].y");
  const auto search = client.request("GET", kIntake, "", f.bearer("admin-giessen"));
  REQUIRE(search.status == 200);
  CHECK(json::parse(search.body).at("cases").as_array().empty());  // nothing was stored

  std::string case_id;
  const std::string task = f.open_review_task(&case_id);
  const std::string anna = f.bearer("anna-giessen") + kJson;
  REQUIRE(client.request("POST", "/api/v1/tasks/" + task + "/claim", "", anna).status == 200);
  check_refused(client.request("POST", "/api/v1/tasks/" + task + "/complete",
                               R"({"data": {"decision": "approve", "extra": 1e400}})", anna),
                "data.extra");
  check_refused(client.request("POST", "/api/v1/events",
                               R"({"id": "e-1", "type": "payment.confirmed", "correlation": {"case": ")" + case_id +
                                   R"("}, "payload": {"amount": 1e400}})",
                               portal),
                "payload.amount");
  check_refused(
      client.request("POST", "/api/v1/events",
                     R"({"id": "e-2", "type": "payment.confirmed", "correlation": {"payment_ref": 1e400}})", portal),
      "correlation.payment_ref");
  check_refused(client.request("PUT", "/api/v1/processes/certificate/params", R"({"fee_first": 1e400})",
                               f.bearer("admin-giessen") + kJson),
                "fee_first");
  check_refused(client.request("POST", "/api/v1/cases/" + case_id + "/notes", R"({"text": "a", "x": 1e400})", anna),
                "x");
  // The case is as it was, and its history is still JSON.
  const auto history = client.request("GET", "/api/v1/cases/" + case_id + "/history", "", f.bearer("admin-giessen"));
  REQUIRE(history.status == 200);
  CHECK(history.body.find("Infinity") == std::string::npos);
}

TEST_CASE("REST: control characters are refused, so an enum or pattern sees the whole text", "[rest][poison]") {
  ServerFixture f;
  HttpTestClient client(f.server.port());
  std::string case_id;
  const std::string task = f.open_review_task(&case_id);
  const std::string anna = f.bearer("anna-giessen") + kJson;
  REQUIRE(client.request("POST", "/api/v1/tasks/" + task + "/claim", "", anna).status == 200);
  check_refused(client.request("POST", "/api/v1/tasks/" + task + "/complete",
                               R"({"data": {"decision": "approve\u0000 not a decision"}})", anna),
                "data.decision");
  check_refused(client.request("POST", kIntake, R"({"name": "a@b\u0000 not an email", "copies": 1})",
                               f.bearer("portal-giessen") + kJson),
                "name");
  // Tabs and line breaks are fine.
  const auto fine = client.request("POST", "/api/v1/tasks/" + task + "/complete",
                                   R"({"data": {"decision": "approve", "reason": "ok\n\tso"}})", anna);
  CHECK(fine.status == 200);
}

TEST_CASE("REST: an unreadable stored row hides no other case and no other buffered event", "[rest][poison]") {
  ServerFixture f;
  f.engine->deploy(kPermitYaml, "permit.yaml", "ops");
  HttpTestClient client(f.server.port());
  const std::string good = f.start_certificate(R"({"name": "Gut", "copies": 1})");
  const std::string bad = f.start_certificate(R"({"name": "Kaputt", "copies": 1})");
  damage(f, R"(UPDATE cases SET data = '{"extra":Infinity}' WHERE id = ?)", bad);
  const std::string admin = f.bearer("admin-giessen");

  const auto search = client.request("GET", kIntake, "", admin);
  INFO(search.body);
  REQUIRE(search.status == 200);
  const auto cases = json::parse(search.body).at("cases").as_array();
  REQUIRE(cases.size() == 2);
  for (const auto& listed : cases) {
    if (listed.at("id") == json::value(good)) {
      CHECK(listed.at("data").at("name") == "Gut");
      CHECK_FALSE(listed.as_object().contains("unreadable"));
    } else {
      CHECK(listed.at("id") == json::value(bad));
      CHECK_THAT(std::string(listed.at("unreadable").as_string()), Catch::Contains("not valid JSON"));
    }
  }
  CHECK(client.request("GET", "/api/v1/cases/" + good, "", admin).status == 200);

  for (const char* id : {"pay-bad", "pay-good"}) {
    const auto posted = client.request(
        "POST", "/api/v1/events",
        std::string(R"({"id": ")") + id +
            R"(", "type": "payment.confirmed", "correlation": {"ref": "R-9"}, "payload": {"amount": 3}})",
        f.bearer("portal-giessen") + kJson);
    REQUIRE(posted.status == 202);
  }
  damage(f, "UPDATE buffered_events SET payload = 'Infinity' WHERE event_id = ?", "pay-bad");
  const auto buffered = client.request("GET", "/api/v1/events/buffered", "", admin);
  INFO(buffered.body);
  REQUIRE(buffered.status == 200);
  CHECK_THAT(buffered.body, Catch::Contains("pay-good") && Catch::Contains("\"unreadable\""));
}

TEST_CASE("REST: the case search's after cursor and document names are checked", "[rest][poison]") {
  ServerFixture f;
  HttpTestClient client(f.server.port());
  const std::string case_id = f.start_certificate();
  const std::string admin = f.bearer("admin-giessen");
  const auto cursor = client.request("GET", kIntake + "?after=anything", "", admin);
  INFO(cursor.body);
  REQUIRE(cursor.status == 400);
  CHECK(json::parse(cursor.body).at("error").at("details").at("parameter") == "after");
  CHECK(client.request("GET", kIntake + "?after=" + case_id, "", admin).status == 200);

  const std::string pdf = f.bearer("portal-giessen") + "Content-Type: application/pdf\r\n";
  const std::string documents = "/api/v1/cases/" + case_id + "/documents?name=";
  for (const std::string name : {"%20%20", "rechnung%E2%80%AEfdp.exe", "a%E2%81%A6b.pdf"})
    check_refused(client.request("POST", documents + name, "%PDF-1.4", pdf), "name");
  CHECK(client.request("POST", documents + "bescheid.pdf", "%PDF-1.4", pdf).status == 201);
}
