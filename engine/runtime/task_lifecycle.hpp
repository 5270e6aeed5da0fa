// The fixed lifecycle of a human task (open -> claimed -> completed, or cancelled), with the
// four-eyes approval stage. Implemented as a Boost.MSM machine in task_lifecycle.cpp.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "engine/model/records.hpp"

namespace amtsweg {

enum class TaskOperation { Claim, Unclaim, Complete, Delegate, Cancel };

struct TaskCommand {
  TaskOperation operation;
  std::string user;         // who acts (Claim, Unclaim, Complete, Delegate)
  std::string delegate_to;  // Delegate: the new assignee
  boost::json::value data;  // Complete: the form data
};

enum class TaskResult {
  Unchanged,           // e.g. claiming a task one already holds
  Changed,             // status/assignee changed, the task goes on
  SentForApproval,     // four-eyes: stage 1 done, waiting for a second clerk
  ReturnedByApprover,  // four-eyes: the approver sent it back to stage 1
  Completed,           // the task is done: the case receives task.completed
  Cancelled,
};

// Applies `command` to `task` (status, assignee, stage, completion fields; not revision/timestamps).
// Throws Error{Conflict} when the lifecycle forbids it (already completed, claimed by someone else),
// Error{RuleViolation} when the four-eyes principle is violated.
TaskResult apply_task_command(TaskRecord& task, const TaskCommand& command);

}  // namespace amtsweg
