// A Store decorator for tests over a real store: it fails begin, a named write or commit on
// demand (as a full disk or an I/O error would) and runs a hook before each reader query.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "engine/error.hpp"
#include "engine/store/store.hpp"

namespace amtsweg::testing {

// What to break next; shared by the test thread and the store's writer and readers. Thread-safe.
class StoreFaults {
 public:
  // The next call at `point` ("begin", "commit", or a write such as "append_history") throws
  // Error{kind}. `lose_transaction`: the store also rolls back the whole transaction first, as
  // SQLite does after an I/O error or a full disk in the middle of a write.
  void fail_next(const std::string& point, ErrorKind kind, bool lose_transaction = false);
  // Runs `hook(query)` (the StoreReader method's name) before each query of every reader.
  void before_read(std::function<void(std::string_view)> hook);

  // Used by the decorator. Whether `point` fails now (consuming the fault), and how.
  struct Fault {
    ErrorKind kind;
    bool lose_transaction;
  };
  std::optional<Fault> take(const std::string& point);
  void reading(std::string_view query);

 private:
  std::mutex mutex_;
  std::map<std::string, Fault> armed_;               // guarded by mutex_
  std::function<void(std::string_view)> read_hook_;  // guarded by mutex_
};

// Forwards to `inner`; readers and the writer consult `faults`.
class FaultyStore final : public Store {
 public:
  FaultyStore(Store& inner, std::shared_ptr<StoreFaults> faults) : inner_(inner), faults_(std::move(faults)) {}
  std::unique_ptr<StoreWriter> open_writer() override;
  std::unique_ptr<StoreReader> open_reader() override;

 private:
  Store& inner_;
  std::shared_ptr<StoreFaults> faults_;
};

}  // namespace amtsweg::testing
