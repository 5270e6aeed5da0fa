// Reads that span several store queries see one state even when the writer commits between the
// queries (issue 11, "torn reads"): verify, the case view. A store hook commits at that moment.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/runtime/certificate_process.hpp"
#include "tests/support/commit_hook_fixture.hpp"

namespace amtsweg::testing {
namespace {

struct SnapshotFixture : CommitHookFixture {
  explicit SnapshotFixture(std::shared_ptr<StoreFaults> hooks) : CommitHookFixture(std::move(hooks)) {
    deploy(kCertificateYaml, "certificate.yaml");
  }
};

TEST_CASE("verify finds no break when the writer commits between a case and its history", "[runtime][snapshot]") {
  SnapshotFixture fixture(std::make_shared<StoreFaults>());
  std::vector<std::string> ids;
  for (int index = 0; index < 3; ++index)
    ids.push_back(fixture.start("certificate", R"({"name": "E", "copies": 1})").id);
  // Between verify's read of a case and of its history, every case gets one more history entry.
  fixture.commit_before("history", [&] {
    for (const auto& id : ids) fixture.engine->add_note("giessen", id, "written while verify reads", "anna");
  });
  const auto findings = fixture.engine->verify();
  for (const auto& finding : findings) UNSCOPED_INFO(finding.case_id << ": " << finding.reason);
  CHECK(findings.empty());
  CHECK(fixture.commits == 1);
  // The notes were committed; the next verify reads them, still without a break.
  CHECK(fixture.engine->history("giessen", ids.front()).back().event_type == "note.added");
  CHECK(fixture.engine->verify().empty());
}

TEST_CASE("the case view shows the case and its tasks of one moment", "[runtime][snapshot]") {
  SnapshotFixture fixture(std::make_shared<StoreFaults>());
  const std::string id = fixture.start("certificate", R"({"name": "E", "copies": 1})").id;
  // Between the case and its tasks, the payment arrives: the case moves on to a clerk's review task.
  fixture.commit_before("tasks_of_case", [&] {
    EventRequest payment{"giessen", "pay-1", "payment.confirmed", {{"case", id}}, {{"amount", 12}}, "portal"};
    fixture.engine->deliver(payment);
  });
  const auto view = fixture.engine->find_case("giessen", id);
  REQUIRE(view);
  CHECK(fixture.commits == 1);
  // Before the payment: waiting for it, no task yet (not: waiting for payment with a review task).
  CHECK(view->record.state == "awaiting_payment");
  CHECK(view->tasks.empty());
  const auto after = fixture.engine->find_case("giessen", id);
  CHECK(after->record.state == "review");
  CHECK(after->tasks.size() == 1);
}

}  // namespace
}  // namespace amtsweg::testing
