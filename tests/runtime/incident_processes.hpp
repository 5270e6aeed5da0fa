// Small definitions for the tests of incidents and the event buffer: a dunning timer whose script
// fails while a tenant param is wrong, and a permit whose payment may come before the case waits.
#pragma once

#include <string>

namespace amtsweg::testing {

// The dunning fee comes from a tenant param that an administrator may set wrongly (a negative fee:
// the engine checks an override's kind, not its meaning).
inline const std::string kDunningYaml = R"(id: dunning
title: Dunning
start: waiting
params:
  dunning_fee: 5
states:
  waiting:
    after:
      - in: P1D
        to: dunned
        do:
          - script: |
              if params.dunning_fee < 0 then error("dunning_fee must not be negative") end
              data.fee = params.dunning_fee
    on:
      paid:
        - to: done
  dunned:
    on:
      paid:
        - to: done
  done:
    final: true
)";

// The portal takes the fee with the application, so the payment provider may confirm it while a
// clerk still reviews the request; `factor` lets a tenant param break the payment's transition
// (1e308 makes the amount infinite, which `set` refuses).
inline const std::string kPermitYaml = R"(id: permit
title: Permit
start: review
params:
  factor: 1
form:
  type: object
  properties:
    ref: {type: string}
correlate:
  keys:
    ref: data.ref
events:
  payment.confirmed:
    buffer: P7D
    description: the payment provider's confirmation
states:
  review:
    task:
      title: Review
      role: standesamt
    on:
      task.completed:
        - to: awaiting_payment
  awaiting_payment:
    on:
      payment.confirmed:
        - to: paid
          do:
            - set: {amount: "= event.payload.amount * params.factor"}
  paid:
    final: true
)";

}  // namespace amtsweg::testing
