// Incidents and the event buffer: what happens when an asynchronous command fails (the case is
// held until an administrator retries), and to events that arrive before a case waits for them.
#include <algorithm>
#include <map>
#include <set>

#include "engine/calendar/calendar_params.hpp"
#include "engine/runtime/engine_impl.hpp"
#include "engine/runtime/event_buffer.hpp"

namespace amtsweg {

namespace {

// Buffered events one command delivers at most: enough for any real procedure, and a bound on a
// definition whose states take buffered events in a cycle.
constexpr int kMaxBufferedPerCommand = 16;

json::object incident_message(const Incident& incident) {
  return json::object{{"incident_id", incident.id},
                      {"source", to_string(incident.source)},
                      {"command", incident.command},
                      {"error", incident.error}};
}

}  // namespace

// --- incidents ----------------------------------------------------------------------------------

Incident Engine::Impl::open_incident(StoreWriter& w, Incident incident) {
  if (auto open = w.open_incident(incident.case_id)) {
    open->attempts += 1;
    open->error = std::move(incident.error);
    open->updated_at = clock.now();
    w.update_incident(*open);
    return *open;
  }
  incident.id = new_id('I');
  incident.status = IncidentStatus::Open;
  incident.attempts = 1;
  incident.opened_at = incident.updated_at = clock.now();
  w.insert_incident(incident);
  // Operators learn of it the way integrators learn of everything else: through the outbox.
  json::object payload = incident_message(incident);
  if (const auto record = w.find_case(incident.tenant, incident.case_id)) {  // as every case message
    payload["process"] = record->process_id;
    payload["state"] = record->state;
  }
  w.insert_outbox(OutboxMessage{0, incident.tenant, incident.case_id, "case", "case.incident", std::move(payload),
                                incident.opened_at});
  return incident;
}

GroupWriter::FailureHook Engine::Impl::incident_on_failure(Incident blueprint) {
  return [this, blueprint = std::move(blueprint)](StoreWriter& w, const std::exception_ptr& e) {
    if (!engine_detail::worth_recording(e)) return;
    try {
      const std::string error = engine_detail::error_text(e);
      w.insert_failure(FailureRecord{0, blueprint.tenant, blueprint.case_id, clock.now(), blueprint.command, error});
      if (!engine_detail::incident_worthy(e)) return;
      Incident incident = blueprint;
      incident.error = error;
      open_incident(w, std::move(incident));
    } catch (...) {
      // The command's own error reaches the caller either way.
    }
  };
}

void Engine::Impl::refuse_if_held(StoreReader& r, const CaseRecord& record) {
  if (auto incident = r.open_incident(record.id))
    throw Error(ErrorKind::Conflict, "case " + record.id + " is held by incident " + incident->id + " (" +
                                         incident->command + " failed: " + incident->error +
                                         "); an administrator must retry it first");
}

void Engine::Impl::settle_incident_of_closed_case(StoreWriter& w, const CaseRecord& record, const std::string& actor) {
  if (!engine_detail::closed(record)) return;
  if (auto incident = w.open_incident(record.id)) {
    incident->status = IncidentStatus::Resolved;
    incident->resolved_at = clock.now();
    incident->resolved_by = actor;
    incident->resolution = "case " + std::string(to_string(record.status));
    w.update_incident(*incident);
  }
}

// --- the event buffer -----------------------------------------------------------------------------

std::optional<Timestamp> Engine::Impl::buffer_until(StoreReader& r, const std::string& tenant,
                                                    const std::string& type) {
  std::optional<Timestamp> until;
  const auto stored = r.definitions();  // ordered by process id, then version: the last of an id is its latest
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const bool latest = i + 1 == stored.size() || stored[i + 1].process_id != stored[i].process_id;
    if (!latest || (!stored[i].tenant.empty() && stored[i].tenant != tenant)) continue;
    const auto def = definitions.get(r, stored[i].process_id, stored[i].version);
    const EventDecl* declared = def->find_event(type);
    if (declared == nullptr || !declared->buffer) continue;
    const json::value params = params_for(r, *def, tenant);
    const Timestamp end = calendar_from_params(params.as_object()).after(*declared->buffer, clock.now());
    until = std::max(until.value_or(end), end);
  }
  return until;
}

void Engine::Impl::deliver_buffered(StoreWriter& w, CaseRecord& record) {
  std::set<std::int64_t> tried;
  for (int delivered = 0; delivered < kMaxBufferedPerCommand;) {
    if (record.status != CaseStatus::Active || w.open_incident(record.id)) return;
    const auto def = definitions.get(w, record.process_id, record.process_version);
    std::map<std::string, std::string> keys = record.correlation;
    keys["case"] = record.id;
    const auto waiting =
        w.waiting_buffered_events(record.tenant, awaited_event_types(*def, record), keys, clock.now(), 64);
    const auto next = std::find_if(waiting.begin(), waiting.end(), [&](const BufferedEvent& event) {
      // An unreadable stored event (see read_buffered_event_listing) waits in the list until it expires.
      return !tried.count(event.seq) && event.unreadable.empty() && buffered_event_matches(event, record);
    });
    if (next == waiting.end()) return;
    tried.insert(next->seq);
    try {
      if (deliver_buffered_event(w, record, *next)) ++delivered;
    } catch (...) {
      const auto failure = std::current_exception();
      if (!engine_detail::incident_worthy(failure)) throw;
      Incident incident;
      incident.tenant = record.tenant;
      incident.case_id = record.id;
      incident.source = IncidentSource::BufferedEvent;
      incident.event_id = next->event_id;
      incident.command = "buffered event " + next->event_id + " (" + next->type + ")";
      incident.error = engine_detail::error_text(failure);
      incident.event =
          event_json(next->event_id, next->type, next->payload, next->actor, next->correlation).as_object();
      open_incident(w, std::move(incident));
      return;  // the case is held now
    }
  }
}

bool Engine::Impl::deliver_buffered_event(StoreWriter& w, CaseRecord& record, const BufferedEvent& event) {
  const CaseRecord before = record;
  const auto def = definitions.get(w, record.process_id, record.process_version);
  w.savepoint();  // nested in the command's own: a failure here must not undo the command
  try {
    auto scripts_lease = scripts.borrow();
    CaseRun run = make_run(w, *scripts_lease, *def, record, event.actor, event.event_id);
    if (!run.deliver(event.type,
                     event_json(event.event_id, event.type, event.payload, event.actor, event.correlation))) {
      w.release_savepoint();
      record = before;
      return false;
    }
    run.refresh_keys();
    apply_case_changes(w, record, run.changes());
    w.settle_buffered_event(event.tenant, event.event_id, BufferedEventStatus::Delivered, record.id, clock.now());
    w.release_savepoint();
    return true;
  } catch (...) {
    w.rollback_to_savepoint();
    record = before;
    throw;
  }
}

// No case took the event: it waits in the buffer when its type is declared bufferable; else an
// event that found no case at all is refused, naming a closed case it was meant for if any.
std::optional<BufferedEvent> Engine::Impl::buffer_or_refuse(StoreReader& r, const EventRequest& request, bool no_case) {
  if (no_case) {
    const auto closed_matches = correlate(r, request, true);
    if (!closed_matches.empty()) {
      const auto record = load_case(r, request.tenant, closed_matches.front());
      throw Error(ErrorKind::Conflict, "case " + record.id + " is " + std::string(to_string(record.status)) +
                                           (record.outcome.empty() ? "" : " (outcome " + record.outcome + ")") +
                                           "; it takes no more events");
    }
  }
  // A case id is only ever given out by the engine: no case will ever take an event for one unknown.
  if (no_case && request.correlation.contains("case"))
    throw no_such("case", correlation_text(request.correlation.at("case")));
  const auto until = buffer_until(r, request.tenant, request.type);
  if (!until) {
    if (no_case)
      throw Error(ErrorKind::NotFound, "no active case matches correlation " + json::serialize(request.correlation) +
                                           " (declare '" + request.type +
                                           "' under events: with a buffer to keep it "
                                           "until a case waits for it)");
    return std::nullopt;  // the cases it found do not wait for it: answered as not handled
  }
  BufferedEvent buffered;
  buffered.tenant = request.tenant;
  buffered.event_id = request.id;
  buffered.type = request.type;
  buffered.correlation = request.correlation;
  buffered.payload = request.payload;
  buffered.actor = request.actor;
  buffered.received_at = clock.now();
  buffered.expires_at = *until;
  return buffered;
}

// --- the facade -----------------------------------------------------------------------------------

std::vector<Incident> Engine::incidents(const IncidentQuery& query) {
  return impl_->store.open_reader()->incidents(query);
}

Incident Engine::incident(const std::string& tenant, const std::string& incident_id) {
  auto found = impl_->store.open_reader()->find_incident(tenant, incident_id);
  if (!found) throw no_such("incident", incident_id);
  return std::move(*found);
}

AttentionCounts Engine::attention_counts_all() { return impl_->store.open_reader()->attention_counts(); }

std::vector<BufferedEvent> Engine::buffered_events(const BufferedEventQuery& query) {
  return impl_->store.open_reader()->buffered_events(query);
}

Incident Engine::retry_incident(const std::string& tenant, const std::string& incident_id, const std::string& actor) {
  const Incident blueprint = incident(tenant, incident_id);
  return impl_->writer.run(
      [&](StoreWriter& w) {
        auto open = w.find_incident(tenant, incident_id);
        if (!open || open->status != IncidentStatus::Open)
          throw Error(ErrorKind::Conflict, "incident " + incident_id + " is resolved already");
        CaseRecord record = impl_->load_case(w, tenant, open->case_id);
        if (record.status == CaseStatus::Suspended)
          throw Error(ErrorKind::Conflict,
                      "case " + record.id + " is suspended; resume it before retrying " + incident_id);
        Incident resolved = *open;  // resolved first, so that the case may move again
        resolved.status = IncidentStatus::Resolved;
        resolved.resolved_at = impl_->clock.now();
        resolved.resolved_by = actor;
        resolved.resolution = "retried";
        w.update_incident(resolved);
        bool obsolete = true;
        if (open->source == IncidentSource::Timer) {
          const auto timers = w.timers_of_case(record.id);
          const auto timer =
              std::find_if(timers.begin(), timers.end(), [&](const TimerRecord& t) { return t.id == open->timer_id; });
          if (timer != timers.end()) {
            const auto firing = impl_->commands.run_here(w, [&](StoreReader& r, ScriptEngine& s, DecisionBasis& b) {
              return impl_->decide_timer(r, s, b, *timer);
            });
            obsolete = firing.first == Impl::TimerOutcome::Consumed;
          }
        } else {
          const auto event = w.find_buffered_event(tenant, open->event_id);
          if (event && event->status == BufferedEventStatus::Buffered) {
            obsolete = !impl_->deliver_buffered_event(w, record, *event);  // a failure rolls the retry back
            impl_->deliver_buffered(w, record);
          }
        }
        if (obsolete) {  // the case no longer waits for what failed
          resolved.resolution = "obsolete";
          w.update_incident(resolved);
        }
        return resolved;
      },
      impl_->incident_on_failure(blueprint));
}

}  // namespace amtsweg
