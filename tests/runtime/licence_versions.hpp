// Two versions of a small licence procedure for the tests of instance migration (runtime, REST,
// CLI): intake unchanged, review renamed to checking with another task and timer, waiting removed.
#pragma once

namespace amtsweg::testing {

inline constexpr const char* kLicenceV1 = R"(id: licence
title: Licence
start: intake
states:
  intake:
    task: {title: Intake, role: office}
    on:
      task.completed: review
      park: waiting
  review:
    task: {title: Review, role: office}
    after:
      - in: P14D
        to: lapsed
    on:
      task.completed: granted
  waiting:
    on:
      resume: review
  granted:
    final: true
  lapsed:
    final: true
)";

// intake unchanged; review renamed to checking with another task and a longer timer; waiting gone.
inline constexpr const char* kLicenceV2 = R"(id: licence
title: Licence
start: intake
states:
  intake:
    task: {title: Intake, role: office}
    on:
      task.completed: checking
  checking:
    entry:
      - set: {entered: true}
    task: {title: Check, role: office}
    after:
      - in: P30D
        to: lapsed
    on:
      task.completed: granted
  granted:
    final: true
  lapsed:
    final: true
)";

}  // namespace amtsweg::testing
