// The single writer: one thread that drains a queue of commands and commits them in groups
// (one transaction, one fsync for many), then answers each caller. The same idea as LevelDB's
// group commit, on store transactions: each command runs in its own savepoint inside the group.
#pragma once

#include <array>
#include <concepts>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <variant>

#include "engine/outcome.hpp"
#include "engine/store/store.hpp"

namespace amtsweg {

// Upper bounds of the group size histogram's buckets; larger groups land in a last, open bucket.
inline constexpr std::array<std::uint64_t, 9> kGroupSizeBounds{1, 2, 4, 8, 16, 32, 64, 128, 256};

struct GroupWriterStats {
  std::uint64_t groups = 0;    // transactions committed
  std::uint64_t commands = 0;  // commands run (succeeded or failed)
  std::uint64_t largest_group = 0;
  std::uint64_t queue_depth = 0;  // commands waiting right now
  // groups_by_size[i]: groups of more than kGroupSizeBounds[i-1] and at most kGroupSizeBounds[i]
  // commands (not cumulative); the last element counts the groups above every bound.
  std::array<std::uint64_t, kGroupSizeBounds.size() + 1> groups_by_size{};
  // Commands decided again because what they were decided on changed before they were written
  // (counted by the engine's command pipeline, which decides before it submits; 0 from the writer).
  std::uint64_t redecisions = 0;
  // Empty while writes work; after a sticky failure (see GroupWriter::submit), the error every
  // command gets.
  std::string refusing_writes;
};

class GroupWriter {
 public:
  // Runs after a failed command has been rolled back, in the same group transaction, so that
  // the failure can be recorded durably. It must not throw.
  using FailureHook = std::function<void(StoreWriter&, const std::exception_ptr&)>;

  // Opens the store's writer connection and starts the thread.
  explicit GroupWriter(Store& store, std::size_t max_group = 256);
  // Finishes every queued command, commits, and joins the thread.
  ~GroupWriter();
  GroupWriter(const GroupWriter&) = delete;
  GroupWriter& operator=(const GroupWriter&) = delete;

  // The result a body's Outcome carries (std::monostate for a body that returns nothing).
  template <class Body>
  using ValueOf = std::conditional_t<std::is_void_v<std::invoke_result_t<Body&, StoreWriter&>>, std::monostate,
                                     std::invoke_result_t<Body&, StoreWriter&>>;

  // Queues `body(writer)` to run on the writer thread inside a savepoint of a group transaction;
  // once the group's commit is durable, `done(Outcome<ValueOf<Body>>)` runs on the writer thread
  // (so it must be quick and must not wait for the writer: hand the outcome on, e.g. post it to
  // an executor), exactly once. If the writer refuses the command at once (stopping, or after a
  // sticky failure), `done` runs before submit() returns, on the caller's thread.
  // If `body` throws, nothing it wrote remains, `on_failure` runs, and the outcome holds the
  // exception. If the store loses the whole transaction with it (SQLite does after an I/O error or
  // a full disk), every command of the group gets that command's error. If begin or commit fails,
  // every command of the group gets that error and nothing of the group remains; later commands
  // are tried as usual, except after a commit that failed for I/O (Error{Io}) or a rollback that
  // failed: then what is on disk is unknown, and the writer refuses every later command with that
  // error until it is made again (sticky failure). `done` must be copyable and should not throw
  // (an exception from it is dropped).
  template <class Body, class Done>
  requires std::invocable<Done&, Outcome<ValueOf<Body>>>
  void submit(Body body, Done done, FailureHook on_failure = {}) {
    using Value = ValueOf<Body>;
    auto result = std::make_shared<std::optional<Value>>();
    enqueue(Job{[body = std::move(body), result](StoreWriter& w) mutable {
                  if constexpr (std::is_void_v<std::invoke_result_t<Body&, StoreWriter&>>) {
                    body(w);
                    result->emplace();
                  } else {
                    result->emplace(body(w));
                  }
                },
                std::move(on_failure),
                [done = std::move(done), result](std::exception_ptr e) mutable {
                  done(e ? Outcome<Value>::failed(std::move(e)) : Outcome<Value>::of(std::move(**result)));
                }});
  }

  // submit() with a future instead of a callback (the command line, tests, and the engine's
  // blocking commands): ready once the group's commit is durable, holding the result or the error.
  template <class Body>
  auto submit(Body body, FailureHook on_failure = {}) -> std::future<std::invoke_result_t<Body&, StoreWriter&>> {
    using Result = std::invoke_result_t<Body&, StoreWriter&>;
    auto promise = std::make_shared<std::promise<Result>>();
    auto future = promise->get_future();
    submit(
        std::move(body),
        [promise](Outcome<ValueOf<Body>> outcome) {
          if (!outcome.ok()) return promise->set_exception(outcome.error());
          if constexpr (std::is_void_v<Result>)
            promise->set_value();
          else
            promise->set_value(std::move(outcome.get()));
        },
        std::move(on_failure));
    return future;
  }

  // submit() and wait. Must not be called from the writer thread itself.
  template <class Body>
  auto run(Body body, FailureHook on_failure = {}) -> std::invoke_result_t<Body&, StoreWriter&> {
    return submit(std::move(body), std::move(on_failure)).get();
  }

  GroupWriterStats stats() const;

 private:
  struct Job {
    std::function<void(StoreWriter&)> body;
    FailureHook on_failure;
    std::function<void(std::exception_ptr)> finish;  // runs the caller's completion callback
    std::exception_ptr error = nullptr;
  };

  void enqueue(Job job);
  // Runs the job's completion callback; swallows what it throws.
  static void finish(Job& job, const std::exception_ptr& error);
  void loop();
  void run_group(std::deque<Job>& group);
  // Rolls back to the job's savepoint; rethrows job.error when the store lost the transaction.
  void undo_command(const Job& job);
  // Commits; a commit failing for I/O makes the writer refuse everything from then on.
  void commit_group();

  // Constant after construction.
  std::unique_ptr<StoreWriter> writer_;  // used only by the writer thread
  const std::size_t max_group_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;      // guarded by mutex_
  bool stopping_ = false;      // guarded by mutex_
  std::exception_ptr broken_;  // guarded by mutex_: a commit failed for I/O, or its rollback failed
  GroupWriterStats stats_;     // guarded by mutex_

  std::thread thread_;  // last: starts after every member above exists
};

}  // namespace amtsweg
