// The fixed lifecycles on their own: which task and case commands each status allows, and what
// they change (assignee, four-eyes stage, completion fields).
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/runtime/case_lifecycle.hpp"
#include "engine/runtime/task_lifecycle.hpp"

using namespace amtsweg;

namespace {

TaskRecord open_task(bool four_eyes = false) {
  TaskRecord t;
  t.id = "T-1";
  t.four_eyes = four_eyes;
  return t;
}

TaskCommand command(TaskOperation op, const std::string& user, boost::json::value data = nullptr) {
  return TaskCommand{op, user, "", std::move(data)};
}

ErrorKind rejection_of(TaskRecord& task, const TaskCommand& cmd) {
  try {
    apply_task_command(task, cmd);
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL("the lifecycle accepted a forbidden command");
  return ErrorKind::Io;
}

}  // namespace

TEST_CASE("task: claim, claim again by the holder, unclaim, complete", "[lifecycle]") {
  TaskRecord t = open_task();
  CHECK(apply_task_command(t, command(TaskOperation::Claim, "anna")) == TaskResult::Changed);
  CHECK(t.status == TaskStatus::Claimed);
  CHECK(t.assignee == "anna");
  CHECK(apply_task_command(t, command(TaskOperation::Claim, "anna")) == TaskResult::Unchanged);
  CHECK(rejection_of(t, command(TaskOperation::Claim, "bernd")) == ErrorKind::Conflict);
  CHECK(rejection_of(t, command(TaskOperation::Unclaim, "bernd")) == ErrorKind::Conflict);
  CHECK(apply_task_command(t, command(TaskOperation::Unclaim, "anna")) == TaskResult::Changed);
  CHECK(t.status == TaskStatus::Open);
  CHECK(t.assignee.empty());
  CHECK(apply_task_command(t, command(TaskOperation::Complete, "bernd", boost::json::object{{"ok", true}})) ==
        TaskResult::Completed);
  CHECK(t.status == TaskStatus::Completed);
  CHECK(t.completed_by == "bernd");
  CHECK(t.data.at("ok") == true);
}

TEST_CASE("task: nothing moves a completed or cancelled task", "[lifecycle]") {
  for (auto final_status : {TaskStatus::Completed, TaskStatus::Cancelled}) {
    TaskRecord t = open_task();
    t.status = final_status;
    for (auto op : {TaskOperation::Claim, TaskOperation::Unclaim, TaskOperation::Complete, TaskOperation::Cancel})
      CHECK(rejection_of(t, command(op, "anna")) == ErrorKind::Conflict);
    CHECK(t.status == final_status);
  }
}

TEST_CASE("task: delegation hands a task to someone else", "[lifecycle]") {
  TaskRecord t = open_task();
  TaskCommand delegate{TaskOperation::Delegate, "lead", "carla", nullptr};
  CHECK(apply_task_command(t, delegate) == TaskResult::Changed);
  CHECK(t.status == TaskStatus::Claimed);
  CHECK(t.assignee == "carla");
  CHECK_THROWS_AS(apply_task_command(t, TaskCommand{TaskOperation::Delegate, "mallory", "mallory", nullptr}), Error);
  delegate.delegate_to.clear();
  CHECK(rejection_of(t, delegate) == ErrorKind::InvalidArgument);
}

TEST_CASE("task: four eyes needs a second clerk, who may send it back", "[lifecycle]") {
  TaskRecord t = open_task(true);
  CHECK(apply_task_command(t, command(TaskOperation::Complete, "anna", boost::json::object{{"v", 1}})) ==
        TaskResult::SentForApproval);
  CHECK(t.status == TaskStatus::Open);
  CHECK(t.stage == 2);
  CHECK(t.prepared_by == "anna");
  CHECK(rejection_of(t, command(TaskOperation::Complete, "anna", boost::json::object{})) == ErrorKind::RuleViolation);
  CHECK(apply_task_command(t, command(TaskOperation::Complete, "bernd", boost::json::object{{"approved", false}})) ==
        TaskResult::ReturnedByApprover);
  CHECK(t.stage == 1);
  CHECK(t.assignee == "anna");
  CHECK(t.status == TaskStatus::Claimed);
  apply_task_command(t, command(TaskOperation::Complete, "anna", boost::json::object{{"v", 2}}));
  CHECK(apply_task_command(t, command(TaskOperation::Complete, "bernd", boost::json::object{})) ==
        TaskResult::Completed);
  CHECK(t.completed_by == "bernd");
  CHECK(t.data.at("v") == 2);  // the preparer's decision is what the case receives
}

TEST_CASE("case: active, suspended, and the two ends", "[lifecycle]") {
  CaseRecord c;
  c.id = "C-1";
  CHECK(next_case_status(c, CaseOperation::Advance) == CaseStatus::Active);
  CHECK(next_case_status(c, CaseOperation::Suspend) == CaseStatus::Suspended);
  CHECK_THROWS_AS(next_case_status(c, CaseOperation::Resume), Error);
  c.status = CaseStatus::Suspended;
  CHECK_THROWS_AS(next_case_status(c, CaseOperation::Advance), Error);
  CHECK(next_case_status(c, CaseOperation::Resume) == CaseStatus::Active);
  CHECK(next_case_status(c, CaseOperation::Cancel) == CaseStatus::Cancelled);
  for (auto closed : {CaseStatus::Completed, CaseStatus::Cancelled}) {
    c.status = closed;
    for (auto op : {CaseOperation::Advance, CaseOperation::Finish, CaseOperation::Suspend, CaseOperation::Resume,
                    CaseOperation::Cancel})
      CHECK_THROWS_AS(next_case_status(c, op), Error);
  }
}
