// What the Boost.MSM lifecycles (case, task) share: states that write the status they stand for,
// a front-end base that notes refusals, and running one event from a stored status.
#pragma once

#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

namespace amtsweg::status_machine {

// A state that, on entry, tells the machine which status it stands for (fsm.set_status(S)).
template <auto Status>
struct StatusState : boost::msm::front::state<> {
  template <class Event, class Fsm>
  void on_entry(const Event&, Fsm& fsm) {
    fsm.set_status(Status);
  }
};

// Front-end base: a lifecycle starts in the stored status (`Initial`) and remembers a refusal.
template <class Derived, class Initial>
struct RefusingMachine : boost::msm::front::state_machine_def<Derived> {
  using initial_state = Initial;
  bool refused = false;

  template <class Fsm, class Event>
  void no_transition(const Event&, Fsm&, int) {
    refused = true;
  }
};

// Starts `machine` and processes `event`; false when the lifecycle refuses it (no transition, or
// every guard said no: MSM then reports HANDLED_GUARD_REJECT, not no_transition).
template <class Machine, class Event>
bool accepts(Machine& machine, const Event& event) {
  machine.start();
  return machine.process_event(event) == boost::msm::back::HANDLED_TRUE && !machine.refused;
}

}  // namespace amtsweg::status_machine
