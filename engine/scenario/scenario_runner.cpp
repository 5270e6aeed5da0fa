// One scenario's run: the engine commands of its steps, refusals kept for the `expect` after them,
// clock moves that fire timers at their due times, and expect blocks checked against the case.
#include "engine/scenario/scenario_runner.hpp"

#include <boost/json.hpp>
#include <map>
#include <memory>

#include "engine/error.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/scenario/expectation_check.hpp"
#include "engine/scenario/json_match.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg {

namespace json = boost::json;

namespace {

constexpr const char* kApplicant = "applicant";
constexpr const char* kIntegrator = "integrator";
// Timer firings at one clock move before the run is taken for a cycle of timers due at once.
constexpr int kMaxFiringRounds = 1000;

// A step the engine refused, waiting for the `expect: {error: ...}` that may follow it.
struct Refusal {
  std::string kind;
  std::string message;
  json::value details;
  const Step* step = nullptr;
};

// A step that cannot be carried out: the scenario stops with this mismatch.
struct StepFailure {
  Mismatch mismatch;
};

class ScenarioRun {
 public:
  ScenarioRun(const ScenarioFile& file, const Scenario& scenario)
      : file_(file),
        scenario_(scenario),
        store_(SqliteStore::open_in_memory()),
        clock_(scenario.clock),
        engine_(std::make_unique<Engine>(*store_, clock_)) {}

  ~ScenarioRun() { engine_.reset(); }  // the engine's writer thread uses the store

  ScenarioResult run() {
    ScenarioResult result{scenario_.name, scenario_.pos, {}};
    try {
      prepare();
      for (const auto& step : scenario_.steps) {
        if (!std::holds_alternative<Expectation>(step.body)) report_unexpected_refusal();
        perform(step);
        if (!mismatches_.empty()) break;
      }
      if (mismatches_.empty()) report_unexpected_refusal();
    } catch (const StepFailure& failure) {
      mismatches_.push_back(failure.mismatch);
    }
    result.mismatches = std::move(mismatches_);
    return result;
  }

 private:
  struct CaseSlot {
    std::string id;
    std::size_t seen_messages = 0;  // outbox messages already looked at by an expect block
  };

  void prepare() {
    try {
      engine_->deploy(file_.definition_yaml, file_.process_path, "scenario");
      if (!scenario_.params.empty())
        engine_->set_tenant_params(scenario_.tenant, file_.definition.id, scenario_.params);
    } catch (const Error& e) {
      fail(scenario_.params_pos, "params", "accepted", e.what());
    }
  }

  [[noreturn]] void fail(SourcePos pos, std::string what, std::string expected, std::string actual) {
    throw StepFailure{{pos, std::move(what), std::move(expected), std::move(actual)}};
  }

  void report_unexpected_refusal() {
    if (!refusal_) return;
    const Step& step = *refusal_->step;
    fail(step.pos, step.kind + " was refused", "success (or an 'expect: {error: ...}' right after the step)",
         refusal_->kind + ": " + refusal_->message);
  }

  void perform(const Step& step) {
    try {
      std::visit([&](const auto& body) { act(step, body); }, step.body);
    } catch (const Error& e) {
      refusal_ = Refusal{std::string(to_string(e.kind())), e.what(), e.details(), &step};
    } catch (const std::exception& e) {  // not a refusal the engine meant: a failure of the step
      fail(step.pos, step.kind + " failed", "success", e.what());
    }
  }

  // --- the case a step acts on ------------------------------------------------------------------

  CaseSlot* slot(const Step& step) {
    auto found = cases_.find(step.case_name.empty() ? current_ : step.case_name);
    return found == cases_.end() ? nullptr : &found->second;
  }

  std::optional<CaseView> view(const CaseSlot* slot) {
    if (slot == nullptr) return std::nullopt;
    return engine_->find_case(scenario_.tenant, slot->id);
  }

  json::value resolved(const json::value& value, const CaseView* seen, SourcePos pos) {
    try {
      return resolve_refs(value, RefContext{seen != nullptr ? &seen->record : nullptr, clock_.now()});
    } catch (const Error& e) {
      fail(pos, "reference", "a value", e.what());
    }
  }

  const CaseView& required_case(const Step& step, const std::optional<CaseView>& seen) {
    if (!seen) fail(step.pos, step.kind, "a case to act on", "none: its start was refused or it was never started");
    return *seen;
  }

  // --- steps --------------------------------------------------------------------------------------

  void act(const Step& step, const StartStep& start) {
    current_ = step.case_name;
    StartRequest request{scenario_.tenant, file_.definition.id, resolved(start.application, nullptr, step.pos), "",
                         kApplicant};
    const StartResult started = engine_->start(request);
    cases_[step.case_name] = CaseSlot{started.record.id, 0};
  }

  void act(const Step& step, const EventStep& event) {
    const auto seen = view(slot(step));
    EventRequest request;
    request.tenant = scenario_.tenant;
    request.id = event.id.empty() ? "scenario-event-" + std::to_string(++events_) : event.id;
    request.type = event.type;
    request.actor = event.actor.empty() ? kIntegrator : event.actor;
    const CaseView* seen_case = seen ? &*seen : nullptr;
    if (event.correlation)
      request.correlation = resolved(*event.correlation, seen_case, step.pos).as_object();
    else
      request.correlation = json::object{{"case", required_case(step, seen).record.id}};
    request.payload = resolved(event.payload, seen_case, step.pos);
    engine_->deliver(request);
  }

  void act(const Step& step, const TaskStep& command) {
    const auto seen = view(slot(step));
    const CaseView& current = required_case(step, seen);
    const std::string task_id = select_task(command.task, current);
    const std::string& tenant = scenario_.tenant;
    switch (command.kind) {
      case TaskStepKind::Claim:
        engine_->claim(tenant, task_id, command.by);
        break;
      case TaskStepKind::Unclaim:
        engine_->unclaim(tenant, task_id, command.by);
        break;
      case TaskStepKind::Delegate:
        engine_->delegate(tenant, task_id, command.by, command.to);
        break;
      case TaskStepKind::Complete:
        engine_->complete(tenant, task_id, command.by, resolved(command.data, &current, step.pos));
        break;
    }
  }

  void act(const Step& step, const AttachStep& attach) {
    const auto seen = view(slot(step));
    DocumentUpload upload;
    upload.tenant = scenario_.tenant;
    upload.case_id = required_case(step, seen).record.id;
    upload.name = attach.name;
    upload.kind = attach.kind;
    upload.content_type = attach.content_type;
    upload.content = attach.content;
    upload.actor = attach.by.empty() ? kApplicant : attach.by;
    engine_->attach_document(std::move(upload));
  }

  std::string select_task(const TaskSelector& selector, const CaseView& seen) {
    std::vector<TaskRecord> open, matching;
    for (const auto& task : seen.tasks) {
      if (task.status != TaskStatus::Open && task.status != TaskStatus::Claimed) continue;
      open.push_back(task);
      if (task_matches(selector, task)) matching.push_back(task);
    }
    if (matching.size() == 1) return matching.front().id;
    json::object wanted;
    if (selector.state) wanted["state"] = *selector.state;
    if (selector.title) wanted["title"] = *selector.title;
    if (selector.role) wanted["role"] = *selector.role;
    const std::string described =
        wanted.empty() ? "the one open task" : "one open task like " + display_json(json::value(wanted));
    fail(selector.pos, "task", described,
         (matching.empty() ? std::string("none matches: ") : std::to_string(matching.size()) + " match: ") +
             describe_tasks(open));
  }

  // Moves the clock to `target`, firing each timer at its due time and dropping each buffered event
  // at its expiry as the server's scheduler would, so that what a firing arms is timed from the
  // right moment and an event that expired is not delivered by a later firing; then deletes the
  // personal data whose retention period ended by `target`, as the scheduler's retention run would.
  void act(const Step& step, const ClockStep& move) {
    const Timestamp target = move.target ? *move.target : clock_.now() + move.advance_ms;
    if (target < clock_.now())
      fail(step.pos, "clock", "a time not before " + format_timestamp(clock_.now()), format_timestamp(target));
    for (int round = 0;; ++round) {
      const auto due = next_due_moment(target);
      if (!due) break;
      if (round == kMaxFiringRounds)
        fail(step.pos, step.kind, "timers that come to rest",
             "timers keep firing at " + format_timestamp(*due) + " (a cycle of timers due at once?)");
      clock_.set(std::max(clock_.now(), *due));
      const FireReport report = engine_->fire_due_timers();
      if (report.failed > 0) {  // like a refused command: an `expect: {error: {kind: timer_failed}}` may follow
        std::string failures;
        for (const auto& failure : report.failures) failures += (failures.empty() ? "" : "; ") + failure;
        refusal_ = Refusal{"timer_failed", failures, nullptr, &step};
        return;
      }
      if (report.fired + report.consumed + report.expired == 0) break;  // nothing more this engine will do now
    }
    clock_.set(target);
    const RetentionReport retention = engine_->apply_retention(1000);
    if (!retention.failures.empty())
      fail(step.pos, step.kind, "personal data deleted under its retention rule", retention.failures.front());
  }

  // The earliest due time of an armed timer of an active case of this scenario, or expiry of a
  // buffered event, up to `target`.
  std::optional<Timestamp> next_due_moment(Timestamp target) {
    std::optional<Timestamp> earliest = store_->open_reader()->next_buffer_expiry();
    if (earliest && *earliest > target) earliest.reset();
    for (const auto& [name, slot] : cases_) {
      const auto seen = engine_->find_case(scenario_.tenant, slot.id);
      if (!seen || seen->record.status != CaseStatus::Active) continue;
      for (const auto& timer : seen->timers)
        if (timer.due_at <= target && (!earliest || timer.due_at < *earliest)) earliest = timer.due_at;
    }
    return earliest;
  }

  void act(const Step& step, const Expectation& expectation) {
    check_refusal(expectation);
    CaseSlot* target = slot(step);
    const bool checks_case = expectation.state || expectation.status || expectation.outcome || expectation.regions ||
                             !expectation.data.empty() || expectation.tasks || expectation.messages ||
                             !expectation.no_messages.empty() || expectation.incidents || expectation.buffered;
    if (!checks_case) return;
    const auto seen = view(target);
    if (!seen) {
      mismatches_.push_back(
          {step.pos, "case", "a case to check", "none: its start was refused or it was never started"});
      return;
    }
    const auto outbox = engine_->outbox(scenario_.tenant, target->id);
    CaseObservation observation{
        &*seen,
        std::vector<OutboxMessage>(outbox.begin() + std::min(target->seen_messages, outbox.size()), outbox.end()),
        RefContext{&seen->record, clock_.now()}};
    target->seen_messages = outbox.size();
    if (expectation.buffered) {
      BufferedEventQuery query;
      query.tenant = scenario_.tenant;
      observation.buffered = engine_->buffered_events(query);
    }
    for (auto& mismatch : check_expectation(expectation, observation)) mismatches_.push_back(std::move(mismatch));
  }

  void check_refusal(const Expectation& expectation) {
    if (!expectation.error) {
      report_unexpected_refusal();
      return;
    }
    const ErrorExpectation& want = *expectation.error;
    if (!refusal_) {
      mismatches_.push_back({want.pos, "error", "the step before to be refused", "it succeeded"});
      return;
    }
    const Refusal refusal = *std::exchange(refusal_, std::nullopt);
    const std::string actual = refusal.kind + ": " + refusal.message;
    if (want.kind && *want.kind != refusal.kind) mismatches_.push_back({want.pos, "error.kind", *want.kind, actual});
    if (want.message && refusal.message.find(*want.message) == std::string::npos)
      mismatches_.push_back({want.pos, "error.message", "a message containing \"" + *want.message + "\"", actual});
    if (want.field && !names_field(refusal.details, *want.field))
      mismatches_.push_back({want.pos, "error.field", "a refusal naming field " + *want.field,
                             actual + "\nfields: " + display_json(refusal.details)});
  }

  // Form checks list their findings ([{"field", ...}, ...]); other refusals name one field
  // ({"field": ...}, e.g. a document's kind).
  static bool names_field(const json::value& details, const std::string& field) {
    auto names = [&](const json::value& detail) {
      return detail.is_object() && detail.as_object().contains("field") && detail.at("field") == json::value(field);
    };
    if (details.is_array()) return std::any_of(details.as_array().begin(), details.as_array().end(), names);
    return names(details);
  }

  const ScenarioFile& file_;
  const Scenario& scenario_;
  std::unique_ptr<SqliteStore> store_;
  ManualClock clock_;
  std::unique_ptr<Engine> engine_;
  std::map<std::string, CaseSlot> cases_;  // by the name the scenario gives them
  std::string current_;                    // the case started last: steps without `case:` act on it
  std::optional<Refusal> refusal_;
  std::vector<Mismatch> mismatches_;
  int events_ = 0;
};

}  // namespace

ScenarioResult run_scenario(const ScenarioFile& file, const Scenario& scenario) {
  return ScenarioRun(file, scenario).run();
}

std::vector<ScenarioResult> run_scenarios(const ScenarioFile& file) {
  std::vector<ScenarioResult> results;
  for (const auto& scenario : file.scenarios) results.push_back(run_scenario(file, scenario));
  return results;
}

}  // namespace amtsweg
