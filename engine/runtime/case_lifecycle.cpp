// Boost.MSM state machine for a case's status; the stored status selects the initial state.
#include "engine/runtime/case_lifecycle.hpp"

#include "engine/error.hpp"
#include "engine/runtime/status_machine.hpp"

namespace amtsweg {
namespace {

namespace msm = boost::msm;
namespace mpl = boost::mpl;
using msm::front::none;
using msm::front::Row;

struct Advance {};
struct Finish {};
struct Suspend {};
struct Resume {};
struct Cancel {};

using status_machine::StatusState;
using Active = StatusState<CaseStatus::Active>;
using Suspended = StatusState<CaseStatus::Suspended>;
using Completed = StatusState<CaseStatus::Completed>;
using Cancelled = StatusState<CaseStatus::Cancelled>;

template <class Initial>
struct CaseMachineDef : status_machine::RefusingMachine<CaseMachineDef<Initial>, Initial> {
  CaseStatus status = CaseStatus::Active;
  void set_status(CaseStatus s) { status = s; }

  // clang-format off
  struct transition_table : mpl::vector<
    //   source     event    target     action guard
    Row< Active,    Advance, none,      none,  none >,
    Row< Active,    Finish,  Completed, none,  none >,
    Row< Active,    Suspend, Suspended, none,  none >,
    Row< Active,    Cancel,  Cancelled, none,  none >,
    Row< Suspended, Resume,  Active,    none,  none >,
    Row< Suspended, Cancel,  Cancelled, none,  none >
  > {};
  // clang-format on
};

const char* verb(CaseOperation op) {
  switch (op) {
    case CaseOperation::Advance:
      return "move";
    case CaseOperation::Finish:
      return "finish";
    case CaseOperation::Suspend:
      return "suspend";
    case CaseOperation::Resume:
      return "resume";
    case CaseOperation::Cancel:
      return "cancel";
  }
  return "change";
}

template <class Initial, class Event>
CaseStatus run_machine(const CaseRecord& record, CaseOperation op) {
  msm::back::state_machine<CaseMachineDef<Initial>> machine;
  if (!status_machine::accepts(machine, Event{}))
    throw Error(ErrorKind::Conflict, "cannot " + std::string(verb(op)) + " case " + record.id + ": it is " +
                                         std::string(to_string(record.status)));
  return machine.status;
}

template <class Event>
CaseStatus dispatch(const CaseRecord& record, CaseOperation op) {
  switch (record.status) {
    case CaseStatus::Active:
      return run_machine<Active, Event>(record, op);
    case CaseStatus::Suspended:
      return run_machine<Suspended, Event>(record, op);
    case CaseStatus::Completed:
      return run_machine<Completed, Event>(record, op);
    case CaseStatus::Cancelled:
      return run_machine<Cancelled, Event>(record, op);
  }
  throw Error(ErrorKind::Corruption, "case " + record.id + " has an unknown status");
}

}  // namespace

CaseStatus next_case_status(const CaseRecord& record, CaseOperation operation) {
  switch (operation) {
    case CaseOperation::Advance:
      return dispatch<Advance>(record, operation);
    case CaseOperation::Finish:
      return dispatch<Finish>(record, operation);
    case CaseOperation::Suspend:
      return dispatch<Suspend>(record, operation);
    case CaseOperation::Resume:
      return dispatch<Resume>(record, operation);
    case CaseOperation::Cancel:
      return dispatch<Cancel>(record, operation);
  }
  throw Error(ErrorKind::InvalidArgument, "unknown case operation");
}

}  // namespace amtsweg
