// Opens what an engine command needs from its options: the store (--db: a SQLite file or a
// postgresql:// URL, see engine/store/open_store.hpp), the clock (system time, or --now ISO-8601
// to run one command at a given moment), and the engine with its options (--webhook-allow
// RANGE|HOST, repeatable: where webhooks may go besides public addresses).
#pragma once

#include <memory>

#include "adapters/cli/arguments.hpp"
#include "engine/clock.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/store/store.hpp"

namespace amtsweg::cli {

// The engine's options from the command line: --webhook-allow (Error{InvalidArgument} naming a bad entry).
EngineOptions engine_options(const Arguments& args);

struct EngineSession {
  std::unique_ptr<Store> store;
  std::unique_ptr<Clock> clock;
  std::unique_ptr<Engine> engine;  // last: destroyed first, it uses store and clock

  static EngineSession open(const std::string& db_path, const Arguments& args);
  static EngineSession open(const Arguments& args) { return open(args.required("db"), args); }
};

}  // namespace amtsweg::cli
