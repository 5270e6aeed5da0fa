// A real engine on a real SQLite file in a temp dir (or, given StoreBackend::Postgres, on a schema
// of its own on the test PostgreSQL server), with a manual clock; reopen() closes and reopens
// store and engine to prove that what was acknowledged survived.
#pragma once

#include <memory>
#include <string>

#include "engine/clock.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/support/faulty_store.hpp"
#include "tests/support/store_backends.hpp"
#include "tests/support/temp_dir.hpp"

namespace amtsweg::testing {

// 2026-03-02T09:00:00Z, a Monday.
inline constexpr Timestamp kMonday = 1772442000000;
inline constexpr Timestamp kDay = 24LL * 3600 * 1000;

struct EngineFixture {
  TempDir dir;
  ManualClock clock{kMonday};
  std::unique_ptr<TestDatabase> postgres;     // StoreBackend::Postgres: the test's own schema
  std::unique_ptr<SqliteStore> store;         // the SQLite store (null on PostgreSQL)
  std::unique_ptr<Store> postgres_store;      // the PostgreSQL store (null on SQLite)
  std::unique_ptr<FaultyStore> faulty_store;  // between engine and store when faults are given
  std::unique_ptr<Engine> engine;

  // `faults`: run the engine over a FaultyStore that injects them (null: directly on the store).
  explicit EngineFixture(EngineOptions options = {}, std::shared_ptr<StoreFaults> faults = nullptr,
                         StoreBackend backend = StoreBackend::Sqlite)
      : postgres(backend == StoreBackend::Postgres ? std::make_unique<TestDatabase>(backend) : nullptr),
        options_(options),
        faults_(std::move(faults)) {
    open();
  }
  ~EngineFixture() { engine.reset(); }

  std::string db_path() const { return dir.file("cases.db"); }
  void open() {
    if (postgres)
      postgres_store = postgres->open();
    else
      store = SqliteStore::open(db_path());
    Store& base = postgres ? *postgres_store : static_cast<Store&>(*store);
    if (faults_) faulty_store = std::make_unique<FaultyStore>(base, faults_);
    engine = std::make_unique<Engine>(faulty_store ? static_cast<Store&>(*faulty_store) : base, clock, options_);
  }
  void reopen() {
    engine.reset();
    faulty_store.reset();
    store.reset();
    postgres_store.reset();
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
  std::shared_ptr<StoreFaults> faults_;
};

}  // namespace amtsweg::testing
