// Store, clock and engine for one CLI invocation.
#include "adapters/cli/engine_session.hpp"

#include "engine/error.hpp"
#include "engine/store/open_store.hpp"

namespace amtsweg::cli {

EngineOptions engine_options(const Arguments& args) {
  EngineOptions options;
  options.webhook_targets = WebhookTargetPolicy(args.all("webhook-allow"));
  return options;
}

EngineSession EngineSession::open(const std::string& db_path, const Arguments& args) {
  EngineSession session;
  session.store = open_store(db_path);
  if (auto now = args.get("now")) {
    const auto t = parse_timestamp(*now);
    if (!t) throw Error(ErrorKind::InvalidArgument, "--now must be an ISO-8601 time, e.g. 2026-01-31T09:00:00Z");
    session.clock = std::make_unique<ManualClock>(*t);
  } else {
    session.clock = std::make_unique<SystemClock>();
  }
  session.engine = std::make_unique<Engine>(*session.store, *session.clock, engine_options(args));
  return session;
}

}  // namespace amtsweg::cli
