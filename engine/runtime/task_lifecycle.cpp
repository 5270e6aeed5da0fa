// Boost.MSM state machine for tasks. The stored status selects the machine's initial state, the
// command becomes one MSM event, and the states' entry actions write the new status back.
#include "engine/runtime/task_lifecycle.hpp"

#include "engine/error.hpp"
#include "engine/runtime/status_machine.hpp"

namespace amtsweg {
namespace {

namespace msm = boost::msm;
namespace mpl = boost::mpl;
using msm::front::none;
using msm::front::Row;

struct Claim {
  const TaskCommand& cmd;
};
struct Unclaim {
  const TaskCommand& cmd;
};
struct Complete {
  const TaskCommand& cmd;
};
struct Delegate {
  const TaskCommand& cmd;
};
struct Cancel {
  const TaskCommand& cmd;
};

// States write the status they stand for into the task on entry.
using status_machine::StatusState;
using Open = StatusState<TaskStatus::Open>;
using Claimed = StatusState<TaskStatus::Claimed>;
using Completed = StatusState<TaskStatus::Completed>;
using Cancelled = StatusState<TaskStatus::Cancelled>;

// --- guards -------------------------------------------------------------------------------
struct HeldByActor {
  template <class Event, class Fsm, class Src, class Tgt>
  bool operator()(const Event& e, Fsm& fsm, Src&, Tgt&) {
    return fsm.task->assignee == e.cmd.user;
  }
};
// Who may finish the current stage: four-eyes approval needs someone other than the preparer.
struct MayFinishStage {
  template <class Event, class Fsm, class Src, class Tgt>
  bool operator()(const Event& e, Fsm& fsm, Src&, Tgt&) {
    const TaskRecord& t = *fsm.task;
    const bool holder = t.status == TaskStatus::Open || t.assignee == e.cmd.user;
    const bool second_pair_of_eyes = t.stage == 1 || e.cmd.user != t.prepared_by;
    return holder && second_pair_of_eyes;
  }
};
bool approver_declines(const TaskCommand& cmd) {
  return cmd.data.is_object() && cmd.data.as_object().contains("approved") &&
         cmd.data.as_object().at("approved") == boost::json::value(false);
}
struct SendsForApproval {
  template <class Event, class Fsm, class Src, class Tgt>
  bool operator()(const Event& e, Fsm& fsm, Src& s, Tgt& t) {
    return fsm.task->four_eyes && fsm.task->stage == 1 && MayFinishStage{}(e, fsm, s, t);
  }
};
struct ApproverReturns {
  template <class Event, class Fsm, class Src, class Tgt>
  bool operator()(const Event& e, Fsm& fsm, Src& s, Tgt& t) {
    return fsm.task->stage == 2 && approver_declines(e.cmd) && MayFinishStage{}(e, fsm, s, t);
  }
};
struct Finishes {
  template <class Event, class Fsm, class Src, class Tgt>
  bool operator()(const Event& e, Fsm& fsm, Src& s, Tgt& t) {
    return !SendsForApproval{}(e, fsm, s, t) && !ApproverReturns{}(e, fsm, s, t) && MayFinishStage{}(e, fsm, s, t);
  }
};

// --- actions ------------------------------------------------------------------------------
struct AssignActor {
  template <class Event, class Fsm, class Src, class Tgt>
  void operator()(const Event& e, Fsm& fsm, Src&, Tgt&) {
    fsm.task->assignee = e.cmd.user;
    fsm.result = TaskResult::Changed;
  }
};
struct AssignDelegate {
  template <class Event, class Fsm, class Src, class Tgt>
  void operator()(const Event& e, Fsm& fsm, Src&, Tgt&) {
    fsm.task->assignee = e.cmd.delegate_to;
    fsm.result = TaskResult::Changed;
  }
};
struct Release {
  template <class Event, class Fsm, class Src, class Tgt>
  void operator()(const Event&, Fsm& fsm, Src&, Tgt&) {
    fsm.task->assignee.clear();
    fsm.result = TaskResult::Changed;
  }
};
struct KeepAsIs {
  template <class Event, class Fsm, class Src, class Tgt>
  void operator()(const Event&, Fsm& fsm, Src&, Tgt&) {
    fsm.result = TaskResult::Unchanged;
  }
};
struct RecordPreparation {
  template <class Event, class Fsm, class Src, class Tgt>
  void operator()(const Event& e, Fsm& fsm, Src&, Tgt&) {
    TaskRecord& t = *fsm.task;
    t.stage = 2;
    t.prepared_by = e.cmd.user;
    t.prepared_data = e.cmd.data;
    t.assignee.clear();
    fsm.result = TaskResult::SentForApproval;
  }
};
struct ReturnToPreparer {
  template <class Event, class Fsm, class Src, class Tgt>
  void operator()(const Event&, Fsm& fsm, Src&, Tgt&) {
    TaskRecord& t = *fsm.task;
    t.stage = 1;
    t.assignee = t.prepared_by;
    t.prepared_by.clear();
    fsm.result = TaskResult::ReturnedByApprover;
  }
};
struct RecordCompletion {
  template <class Event, class Fsm, class Src, class Tgt>
  void operator()(const Event& e, Fsm& fsm, Src&, Tgt&) {
    TaskRecord& t = *fsm.task;
    t.assignee = e.cmd.user;
    t.completed_by = e.cmd.user;
    // With four eyes the decision is the preparer's; the approver's data only confirms it.
    t.data = t.stage == 2 ? t.prepared_data : e.cmd.data;
    fsm.result = TaskResult::Completed;
  }
};
struct MarkCancelled {
  template <class Event, class Fsm, class Src, class Tgt>
  void operator()(const Event&, Fsm& fsm, Src&, Tgt&) {
    fsm.result = TaskResult::Cancelled;
  }
};

template <class Initial>
struct TaskMachineDef : status_machine::RefusingMachine<TaskMachineDef<Initial>, Initial> {
  TaskRecord* task = nullptr;
  TaskResult result = TaskResult::Unchanged;
  void set_status(TaskStatus s) { task->status = s; }

  // clang-format off
  struct transition_table : mpl::vector<
    //   source    event      target     action             guard
    Row< Open,     Claim,     Claimed,   AssignActor,       none             >,
    Row< Open,     Delegate,  Claimed,   AssignDelegate,    none             >,
    Row< Open,     Complete,  Open,      RecordPreparation, SendsForApproval >,
    Row< Open,     Complete,  Claimed,   ReturnToPreparer,  ApproverReturns  >,
    Row< Open,     Complete,  Completed, RecordCompletion,  Finishes         >,
    Row< Open,     Cancel,    Cancelled, MarkCancelled,     none             >,
    Row< Claimed,  Claim,     none,      KeepAsIs,          HeldByActor      >,
    Row< Claimed,  Unclaim,   Open,      Release,           HeldByActor      >,
    Row< Claimed,  Delegate,  Claimed,   AssignDelegate,    HeldByActor      >,
    Row< Claimed,  Complete,  Open,      RecordPreparation, SendsForApproval >,
    Row< Claimed,  Complete,  Claimed,   ReturnToPreparer,  ApproverReturns  >,
    Row< Claimed,  Complete,  Completed, RecordCompletion,  Finishes         >,
    Row< Claimed,  Cancel,    Cancelled, MarkCancelled,     none             >
  > {};
  // clang-format on
};

// Why a command was refused, in words a clerk understands.
Error rejection(const TaskRecord& task, const TaskCommand& cmd) {
  const std::string id = "task " + task.id;
  if (task.status == TaskStatus::Completed) return Error(ErrorKind::Conflict, id + " is already completed");
  if (task.status == TaskStatus::Cancelled) return Error(ErrorKind::Conflict, id + " was cancelled");
  if (task.stage == 2 && cmd.operation == TaskOperation::Complete && cmd.user == task.prepared_by)
    return Error(ErrorKind::RuleViolation,
                 id + " needs four eyes: it was prepared by " + cmd.user + ", another clerk must approve it");
  if (task.status == TaskStatus::Claimed && task.assignee != cmd.user)
    return Error(ErrorKind::Conflict, id + " is claimed by " + task.assignee);
  return Error(ErrorKind::Conflict,
               id + " cannot be changed that way in status " + std::string(to_string(task.status)));
}

template <class Initial, class Event>
TaskResult run_machine(TaskRecord& task, const Event& event) {
  msm::back::state_machine<TaskMachineDef<Initial>> machine;
  machine.task = &task;  // before start(): the initial state's entry writes through it
  if (!status_machine::accepts(machine, event)) throw rejection(task, event.cmd);
  return machine.result;
}

template <class Event>
TaskResult dispatch(TaskRecord& task, const Event& event) {
  switch (task.status) {
    case TaskStatus::Open:
      return run_machine<Open>(task, event);
    case TaskStatus::Claimed:
      return run_machine<Claimed>(task, event);
    case TaskStatus::Completed:
      return run_machine<Completed>(task, event);
    case TaskStatus::Cancelled:
      return run_machine<Cancelled>(task, event);
  }
  throw Error(ErrorKind::Corruption, "task " + task.id + " has an unknown status");
}

}  // namespace

TaskResult apply_task_command(TaskRecord& task, const TaskCommand& command) {
  if (command.operation != TaskOperation::Cancel && command.user.empty())
    throw Error(ErrorKind::InvalidArgument, "task command needs the acting user");
  switch (command.operation) {
    case TaskOperation::Claim:
      return dispatch(task, Claim{command});
    case TaskOperation::Unclaim:
      return dispatch(task, Unclaim{command});
    case TaskOperation::Complete:
      return dispatch(task, Complete{command});
    case TaskOperation::Delegate:
      if (command.delegate_to.empty()) throw Error(ErrorKind::InvalidArgument, "delegate needs the new assignee");
      return dispatch(task, Delegate{command});
    case TaskOperation::Cancel:
      return dispatch(task, Cancel{command});
  }
  throw Error(ErrorKind::InvalidArgument, "unknown task operation");
}

}  // namespace amtsweg
