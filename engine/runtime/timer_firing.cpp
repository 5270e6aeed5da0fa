// Durable timers falling due: each firing is decided on a snapshot like any command, and a batch of
// due timers is written through the group writer together, so their firings share commits.
#include <set>

#include "engine/runtime/engine.hpp"
#include "engine/runtime/engine_impl.hpp"

namespace amtsweg {

namespace {

// The incident a failing timer opens: it holds the case until an administrator retries it.
Incident timer_incident(const TimerRecord& timer) {
  Incident blueprint;
  blueprint.tenant = timer.tenant;
  blueprint.case_id = timer.case_id;
  blueprint.source = IncidentSource::Timer;
  blueprint.timer_id = timer.id;
  blueprint.command = "timer " + std::to_string(timer.id) + " at " + timer.state_path;
  blueprint.event = to_json(timer);
  return blueprint;
}

}  // namespace

Decision<Engine::Impl::TimerFiring> Engine::Impl::decide_timer(StoreReader& r, ScriptEngine& scripts,
                                                               DecisionBasis& basis, const TimerRecord& timer) {
  const auto timers = r.timers_of_case(timer.case_id);
  if (std::none_of(timers.begin(), timers.end(), [&](const TimerRecord& t) { return t.id == timer.id; }))
    return Decision<TimerFiring>::answered({TimerOutcome::Consumed, {}});  // the case moved on meanwhile
  CaseRecord record = load_case(r, timer.tenant, timer.case_id);
  // Suspended or held by an incident: fires after resume or retry.
  if (record.status == CaseStatus::Suspended || r.open_incident(record.id))
    return Decision<TimerFiring>::answered({TimerOutcome::Resting, {}});
  if (engine_detail::closed(record))
    return Decision<TimerFiring>::writing([id = timer.id](StoreWriter& w) {
      w.delete_timer(id);
      return TimerFiring{TimerOutcome::Consumed, {}};
    });
  // Listed although the write checks the revision too: a firing that fails opens an incident only
  // if it failed on the case as it still is.
  basis.case_at(record);
  basis.incident(record.id, false);
  const auto def = definitions.get(r, record.process_id, record.process_version);
  CaseRun run = make_run(r, scripts, *def, record, "timer", "", &basis);
  const bool fired = run.fire(timer);
  run.refresh_keys();
  return Decision<TimerFiring>::writing(
      [this, record, changes = std::move(run.changes()), fired](StoreWriter& w) mutable {
        auto armed = apply_case_changes(w, record, changes);
        deliver_buffered(w, record);
        return TimerFiring{fired ? TimerOutcome::Fired : TimerOutcome::Consumed, std::move(armed)};
      });
}

FireReport Engine::fire_due_timers() {
  const Timestamp now = impl_->clock.now();
  FireReport report;
  if (const auto expiry = impl_->store.open_reader()->next_buffer_expiry(); expiry && *expiry <= now)
    report.expired = impl_->writer.run([&](StoreWriter& w) { return w.expire_buffered_events(now, 1000); });
  using Firing = Impl::TimerFiring;
  using Outcome = Impl::TimerOutcome;
  // Each timer is looked at once per call: timers it fired may arm new ones that are due at once
  // (PT0S, an `at` in the past); those wait for the next call, so a cycle can never spin here.
  std::set<std::int64_t> done;
  const auto count = [&](const Firing& firing) {
    done.insert(firing.second.begin(), firing.second.end());
    if (firing.first == Outcome::Fired) ++report.fired;
    if (firing.first == Outcome::Consumed) ++report.consumed;
    if (firing.first == Outcome::Resting) ++report.resting;
  };
  const auto decide = [this](const TimerRecord& timer) {
    return [this, timer](StoreReader& r, ScriptEngine& scripts, DecisionBasis& basis) {
      return impl_->decide_timer(r, scripts, basis, timer);
    };
  };
  for (;;) {
    const int window = 256 + static_cast<int>(done.size());
    auto due = impl_->store.open_reader()->due_timers(now, window);
    std::erase_if(due, [&](const TimerRecord& t) { return done.count(t.id) > 0; });
    if (due.empty()) return report;
    // The batch is decided on one snapshot and written together (a group commit); a firing that
    // failed or went stale goes through the pipeline alone, which decides again or records it.
    std::vector<std::pair<TimerRecord, std::future<Firing>>> pending;
    std::vector<TimerRecord> alone;
    {
      auto scripts = impl_->scripts.borrow();
      auto snapshot = impl_->store.open_reader();
      for (const auto& timer : due) {
        done.insert(timer.id);
        try {
          auto basis = std::make_shared<DecisionBasis>();
          auto decision = decide(timer)(*snapshot, *scripts, *basis);
          if (decision.answer) {
            count(*decision.answer);
            continue;
          }
          pending.emplace_back(timer, impl_->writer.submit(
                                          [basis, write = std::move(decision.write)](StoreWriter& w) {
                                            basis->check(w);
                                            return write(w);
                                          },
                                          impl_->incident_on_failure(timer_incident(timer))));
        } catch (...) {
          alone.push_back(timer);
        }
      }
    }
    const auto failed = [&](const TimerRecord& timer, const std::exception& e) {
      // An incident now holds the case (or, for a store failure, the timer is simply due again).
      ++report.failed;
      report.failures.push_back("timer " + std::to_string(timer.id) + " of case " + timer.case_id + ": " + e.what());
    };
    for (auto& [timer, future] : pending) {
      try {
        count(future.get());
      } catch (const Error& e) {
        if (e.kind() == ErrorKind::Conflict)
          alone.push_back(timer);
        else
          failed(timer, e);
      } catch (const std::exception& e) {
        failed(timer, e);
      }
    }
    for (const auto& timer : alone) {
      try {
        count(impl_->commands.run(decide(timer), impl_->incident_on_failure(timer_incident(timer))));
      } catch (const std::exception& e) {
        failed(timer, e);
      }
    }
  }
}

}  // namespace amtsweg
