// A real engine on a real SQLite file in a temp dir, with a manual clock; reopen() closes and
// reopens store and engine to prove that what was acknowledged survived.
#pragma once

#include <memory>
#include <string>

#include "engine/clock.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace amtsweg::testing {

// 2026-03-02T09:00:00Z, a Monday.
inline constexpr Timestamp kMonday = 1772442000000;
inline constexpr Timestamp kDay = 24LL * 3600 * 1000;

struct EngineFixture {
  TempDir dir;
  ManualClock clock{kMonday};
  std::unique_ptr<SqliteStore> store;
  std::unique_ptr<Engine> engine;

  explicit EngineFixture(EngineOptions options = {}) : options_(options) { open(); }
  ~EngineFixture() { engine.reset(); }

  std::string db_path() const { return dir.file("cases.db"); }
  void open() {
    store = SqliteStore::open(db_path());
    engine = std::make_unique<Engine>(*store, clock, options_);
  }
  void reopen() {
    engine.reset();
    store.reset();
    open();
  }
  // Deploys `yaml` as "<name>.yaml" and returns the version.
  int deploy(const std::string& yaml, const std::string& name = "test.yaml") {
    return engine->deploy(yaml, name, "admin").version;
  }
  CaseRecord start(const std::string& process, const std::string& data_json, const std::string& tenant = "giessen",
                   const std::string& key = "");
  TaskRecord open_task(const std::string& tenant, const std::string& case_id);

 private:
  EngineOptions options_;
};

}  // namespace amtsweg::testing
