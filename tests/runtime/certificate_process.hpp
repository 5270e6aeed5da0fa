// A small registry-office-like definition used by the runtime tests: a computed fee, an `always`
// decision, a payment wait with a 14-day timer, a clerk task with a form, and final outcomes.
#pragma once

#include <functional>
#include <string>

#include "engine/error.hpp"
#include "tests/support/engine_fixture.hpp"

namespace amtsweg::testing {

inline constexpr const char* kCertificateYaml = R"(id: certificate
title: Certificate request
start: received
params:
  fee_first: 12.0
  fee_more: 6.0
form:
  type: object
  required: [name, copies]
  properties:
    name: {type: string, personal: true}
    copies: {type: integer, minimum: 1}
    purpose: {type: string}
    municipality: {type: string}
correlate:
  keys:
    payment_ref: data.payment_ref
  related: data.municipality
states:
  received:
    entry:
      - set:
          fee: "= data.purpose == 'pension' and 0 or params.fee_first + (data.copies - 1) * params.fee_more"
          payment_ref: "= 'PAY-' .. case.id"
    always:
      - to: review
        when: data.fee == 0
      - to: awaiting_payment
  awaiting_payment:
    on:
      payment.confirmed:
        - to: review
          when: event.payload.amount >= data.fee
          do:
            - set: {paid: "= event.payload.amount"}
        - do:
            - emit: {type: payment.insufficient, payload: {amount: "= event.payload.amount"}}
    after:
      - in: P14D
        to: cancelled
  review:
    task:
      title: "Check request of {{ data.name }}"
      role: standesamt
      due: P5D
      form:
        type: object
        required: [decision]
        properties:
          decision: {enum: [approve, reject]}
          reason: {type: string}
    on:
      task.completed:
        - to: issued
          when: event.payload.decision == 'approve'
          do:
            - notify: {subject: "Your certificate", text: "Dear {{ data.name }}, your certificate is on its way."}
        - to: rejected
          do:
            - set: {reason: "= event.payload.reason"}
  issued:
    final: true
    outcome: issued
  rejected:
    final: true
    outcome: rejected
  cancelled:
    final: true
    outcome: cancelled
)";

// A case of the certificate process that goes straight to the clerk's task (fee-free purpose).
inline CaseRecord start_review(EngineFixture& f, const std::string& tenant = "giessen") {
  return f.start("certificate", R"({"name": "Max", "copies": 1, "purpose": "pension"})", tenant);
}

// The kind of amtsweg::Error that `action` throws; ErrorKind::Io when it throws none (no test
// expects Io from the engine's rules, so such a comparison fails).
inline ErrorKind error_kind_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.kind();
  }
  return ErrorKind::Io;
}

}  // namespace amtsweg::testing
