// The shipped example procedures run end to end through the engine: the definitions in
// processes/examples are deployed from their files, not copied into the test.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "engine/error.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

std::string read_source(const std::string& relative) {
  std::ifstream in(std::string(AMTSWEG_SOURCE_DIR) + "/" + relative);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TaskRecord task_for_role(EngineFixture& f, const std::string& case_id, const std::string& role) {
  TaskQuery query;
  query.tenant = "giessen";
  query.case_id = case_id;
  query.roles = {role};
  const auto tasks = f.engine->tasks(query);
  REQUIRE(tasks.size() == 1);
  return tasks.front();
}

constexpr const char* kTreeApplication = R"({
  "applicant": {"name": "Hans Baum", "address": "Lindenweg 3, Gießen"},
  "tree": {"species": "Linde", "trunk_circumference_cm": 120,
           "parcel": {"gemarkung": "Gießen", "flur": 12, "flurstueck": "412/7"}},
  "reason": "disease", "felling_date": "2026-11-02", "in_preservation_area": true})";

}  // namespace

TEST_CASE("Meldebescheinigung: application, payment, clerk's approval", "[runtime][examples]") {
  EngineFixture f;
  f.engine->deploy(read_source("processes/examples/meldebescheinigung.yaml"), "meldebescheinigung.yaml", "admin");
  StartRequest request{"giessen", "meldebescheinigung",
                       json::parse(read_source("examples/meldebescheinigung/application.json")), "", "portal"};
  const CaseRecord c = f.engine->start(request).record;
  CHECK(c.state == "awaiting_payment");
  CHECK(c.data.at("fee").as_double() == 15.0);
  f.engine->deliver(EventRequest{"giessen", "pay", "payment.confirmed",
                                 json::object{{"payment_ref", c.data.at("payment_ref")}},
                                 json::parse(read_source("examples/meldebescheinigung/payment.json")), "provider"});
  const TaskRecord task = task_for_role(f, c.id, "buergerbuero");
  f.engine->complete("giessen", task.id, "anna", json::object{{"decision", "approve"}});
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.outcome == "issued");
  const auto outbox = f.engine->outbox("giessen", c.id);
  CHECK(
      std::any_of(outbox.begin(), outbox.end(), [](const OutboxMessage& m) { return m.type == "certificate.issued"; }));
}

TEST_CASE("Baumfällung: two offices in parallel, an escalated four-eyes decision", "[runtime][examples]") {
  EngineFixture f;
  f.engine->deploy(read_source("processes/examples/baumfaellung.yaml"), "baumfaellung.yaml", "admin");
  StartRequest request{"giessen", "baumfaellung", json::parse(kTreeApplication), "", "portal"};
  const CaseRecord c = f.engine->start(request).record;
  CHECK(c.state == "consultation");
  CHECK(c.data.at("replacement_trees").as_int64() == 3);
  f.engine->complete("giessen", task_for_role(f, c.id, "umweltamt").id, "ulla", json::object{{"opinion", "object"}});
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "consultation");
  f.engine->complete("giessen", task_for_role(f, c.id, "bauamt").id, "bert", json::object{{"opinion", "agree"}});
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "decision");
  // An objection sends the decision to the head of the environment office (assign action).
  const TaskRecord decision = task_for_role(f, c.id, "umweltamt_leitung");
  f.engine->complete("giessen", decision.id, "lena", json::object{{"decision", "approve"}, {"conditions", "3 Linden"}});
  CHECK_THROWS_AS(f.engine->complete("giessen", decision.id, "lena", json::object{}), Error);  // four eyes
  f.engine->complete("giessen", decision.id, "lars", json::object{});
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.outcome == "approved");
  CHECK(view->record.data.at("conditions").as_string() == "3 Linden");
  CHECK(f.engine->verify().empty());
}
