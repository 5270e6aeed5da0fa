// A tiny process for the webhook tests: every `ping` event emits `ping.seen` with its number, so a
// test controls exactly which outbox messages a case writes and in which order.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "engine/runtime/engine.hpp"

namespace amtsweg::testing {

inline constexpr const char* kRelayYaml = R"(id: relay
title: Relay of pings
start: open
states:
  open:
    on:
      ping:
        - do:
            - emit: {type: ping.seen, payload: {n: "= event.payload.n"}}
      close:
        - to: closed
  closed:
    final: true
    outcome: done
)";

// Posts ping number `n` to the case (one outbox message "ping.seen" with payload.n = n).
inline void ping(Engine& engine, const std::string& tenant, const std::string& case_id, int n) {
  EventRequest event;
  event.tenant = tenant;
  event.id = "ping-" + case_id + "-" + std::to_string(n);
  event.type = "ping";
  event.correlation = boost::json::object{{"case", case_id}};
  event.payload = boost::json::object{{"n", n}};
  event.actor = "test";
  engine.deliver(event);
}

// Starts a relay case (one outbox message "case.started").
inline std::string start_relay(Engine& engine, const std::string& tenant = "giessen") {
  StartRequest request;
  request.tenant = tenant;
  request.process_id = "relay";
  request.actor = "test";
  return engine.start(request).record.id;
}

}  // namespace amtsweg::testing
