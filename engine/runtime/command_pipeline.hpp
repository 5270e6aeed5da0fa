// How a command on a case runs: decided on a snapshot on the caller's thread (its own Lua state),
// then only checked and written by the group writer; a decision gone stale is made again.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "engine/error.hpp"
#include "engine/outcome.hpp"
#include "engine/runtime/command_failure.hpp"
#include "engine/runtime/decision_basis.hpp"
#include "engine/runtime/script_engine_pool.hpp"
#include "engine/store/group_writer.hpp"
#include "engine/store/store.hpp"

namespace amtsweg {

// What deciding a command produced: either the answer, when nothing is to be written (a repeated
// event, a task command that changes nothing), or the write step. The write step runs on the
// writer thread after the decision's basis was checked; it writes the decided changes (whose own
// revision checks throw Error{Conflict} when the snapshot was stale) and returns the result.
template <class Result>
struct Decision {
  using result_type = Result;

  std::optional<Result> answer;
  std::function<Result(StoreWriter&)> write;

  static Decision answered(Result result) { return Decision{std::move(result), {}}; }
  static Decision writing(std::function<Result(StoreWriter&)> write) {
    return Decision{std::nullopt, std::move(write)};
  }
};

// Thread-safe: any number of threads run commands at once; only writing is serialised.
class CommandPipeline {
 public:
  // Decisions per command: all but the last on snapshots; the last, for a case so busy that every
  // snapshot went stale before its write, on the writer itself, where nothing can go stale.
  static constexpr int kMaxDecisions = 8;

  CommandPipeline(Store& store, GroupWriter& writer, ScriptEnginePool& scripts)
      : store_(store), writer_(writer), scripts_(scripts) {}

  // Runs one command: `decide(StoreReader& snapshot, ScriptEngine&, DecisionBasis&)` returns a
  // Decision<Result>; it must only read, and is called again when its write step or basis meets
  // Error{Conflict}: the snapshot was stale, and a fresh one decides. After kMaxDecisions - 1
  // stale snapshots the command is decided and written in one writer job (so it always ends).
  // Errors thrown by `decide` reach the caller (a real business conflict among them); one worth
  // recording (command_failure.hpp) is first given to `on_failure` in a writer job of its own,
  // unless the basis went stale meanwhile (then it is decided again). `on_failure` also runs, as
  // GroupWriter::submit says, when the write step fails.
  template <class Decide>
  auto run(Decide decide, const GroupWriter::FailureHook& on_failure = {}) ->
      typename std::invoke_result_t<Decide&, StoreReader&, ScriptEngine&, DecisionBasis&>::result_type {
    for (int attempt = 1; attempt < kMaxDecisions; ++attempt) {
      if (attempt > 1) redecisions_.fetch_add(1, std::memory_order_relaxed);
      DecisionBasis basis;
      std::exception_ptr failure;
      std::optional<std::invoke_result_t<Decide&, StoreReader&, ScriptEngine&, DecisionBasis&>> decision;
      try {
        auto lease = scripts_.borrow();
        auto snapshot = store_.open_reader();  // closed before waiting for the writer
        decision.emplace(decide(*snapshot, *lease, basis));
      } catch (...) {
        failure = std::current_exception();
      }
      if (failure) {
        if (record_failure(basis, failure, on_failure)) std::rethrow_exception(failure);
        continue;
      }
      if (decision->answer) return std::move(*decision->answer);
      try {
        return writer_.run(
            [&](StoreWriter& w) {
              basis.check(w);
              return decision->write(w);
            },
            on_failure);
      } catch (const Error& e) {
        if (e.kind() != ErrorKind::Conflict) throw;
      }
    }
    redecisions_.fetch_add(1, std::memory_order_relaxed);
    return writer_.run([&](StoreWriter& w) { return run_here(w, decide); }, on_failure);
  }

  // run() without waiting, for callers that must not block a thread on the commit (the REST
  // adapter): decides on a snapshot on the caller's thread now; `done(Outcome<Result>)` runs once,
  // on the writer thread after the commit, or on this thread before run_async() returns when the
  // command is answered without a write or fails while deciding (a failure worth recording is
  // first recorded by a writer job, as run() does). A decision gone stale is decided again on the
  // writer itself, where nothing can go stale (it takes another command on the same case in
  // between), so no thread ever waits. `decide` is kept until `done` has run: it must own (or
  // share) everything it and its write step use.
  template <class Decide, class Done>
  void run_async(Decide decide, GroupWriter::FailureHook on_failure, Done done) {
    using Result = typename std::invoke_result_t<Decide&, StoreReader&, ScriptEngine&, DecisionBasis&>::result_type;
    auto shared_decide = std::make_shared<Decide>(std::move(decide));
    auto basis = std::make_shared<DecisionBasis>();
    std::exception_ptr failure;
    std::optional<std::invoke_result_t<Decide&, StoreReader&, ScriptEngine&, DecisionBasis&>> decision;
    try {
      auto lease = scripts_.borrow();
      auto snapshot = store_.open_reader();
      decision.emplace((*shared_decide)(*snapshot, *lease, *basis));
    } catch (...) {
      failure = std::current_exception();
    }
    // Decided on the writer, after a stale snapshot: the answer cannot go stale there.
    auto decide_on_writer = [this, shared_decide](StoreWriter& w) { return run_here(w, *shared_decide); };
    if (failure) {
      if (!on_failure || !worth_recording(failure)) return done(Outcome<Result>::failed(failure));
      // Record the failure unless the basis went stale meanwhile: then decide again on the writer.
      auto redecided = std::make_shared<bool>(false);
      writer_.submit(
          [this, basis, failure, on_failure, redecided, decide_on_writer](StoreWriter& w) -> std::optional<Result> {
            if (!basis->holds(w)) {
              *redecided = true;
              redecisions_.fetch_add(1, std::memory_order_relaxed);
              return decide_on_writer(w);
            }
            on_failure(w, failure);
            return std::nullopt;
          },
          [done, failure, redecided](Outcome<std::optional<Result>> outcome) mutable {
            if (*redecided && !outcome.ok()) return done(Outcome<Result>::failed(outcome.error()));
            if (*redecided) return done(Outcome<Result>::of(std::move(*outcome.get())));
            done(Outcome<Result>::failed(failure));  // recorded, or the record could not be written
          },
          [on_failure, redecided](StoreWriter& w, const std::exception_ptr& e) {
            if (*redecided) on_failure(w, e);  // the fresh decision failed: record that failure
          });
      return;
    }
    if (decision->answer) return done(Outcome<Result>::of(std::move(*decision->answer)));
    writer_.submit(
        [basis, write = std::move(decision->write)](StoreWriter& w) {
          basis->check(w);
          return write(w);
        },
        [this, done, on_failure, decide_on_writer](Outcome<Result> outcome) mutable {
          if (outcome.ok() || !is_conflict(outcome.error())) return done(std::move(outcome));
          redecisions_.fetch_add(1, std::memory_order_relaxed);
          writer_.submit(decide_on_writer, std::move(done), on_failure);
        },
        on_failure);
  }

  // Decides and writes in the writer job the caller is running already (a command that is part of
  // another one, e.g. retrying an incident): the writer's view is fresh, so nothing goes stale.
  template <class Decide>
  auto run_here(StoreWriter& w, Decide decide) ->
      typename std::invoke_result_t<Decide&, StoreReader&, ScriptEngine&, DecisionBasis&>::result_type {
    auto lease = scripts_.borrow();
    DecisionBasis basis;
    auto decision = decide(w, *lease, basis);
    if (decision.answer) return std::move(*decision.answer);
    return decision.write(w);
  }

  // Commands decided again because what they were decided on changed before they were written.
  std::uint64_t redecisions() const { return redecisions_.load(std::memory_order_relaxed); }

 private:
  // Writes the record of a failed decision when it is worth one; false when the basis went stale
  // meanwhile (the failure may not happen on the fresh state: decide again).
  bool record_failure(const DecisionBasis& basis, const std::exception_ptr& failure,
                      const GroupWriter::FailureHook& on_failure);
  // Whether `error` is Error{Conflict}: a stale decision (or a real conflict found on the writer).
  static bool is_conflict(const std::exception_ptr& error);

  Store& store_;
  GroupWriter& writer_;
  ScriptEnginePool& scripts_;
  std::atomic<std::uint64_t> redecisions_{0};
};

}  // namespace amtsweg
