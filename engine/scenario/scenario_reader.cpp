// Reads *.scenarios.yaml: the file's keys, each scenario, its steps and expect blocks, with the
// definition's state and param names checked so that a typo is found before anything runs.
#include "engine/scenario/scenario_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/dsl/action_reader.hpp"
#include "engine/dsl/duration.hpp"
#include "engine/dsl/loader.hpp"
#include "engine/dsl/name_suggestion.hpp"
#include "engine/dsl/yaml_reader.hpp"
#include "engine/error.hpp"
#include "engine/runtime/retention_rules.hpp"
#include "engine/scenario/json_merge_patch.hpp"
#include "engine/scenario/value_refs.hpp"

namespace amtsweg {

namespace json = boost::json;

namespace {

const AllowedKeys kFileKeys = {"process", "tenant", "params", "clock", "application", "scenarios"};
const AllowedKeys kScenarioKeys = {"description", "tenant", "params", "clock", "application", "expect", "steps"};
const AllowedKeys kStepKinds = {"start",    "event",  "claim",   "unclaim", "delegate",
                                "complete", "attach", "advance", "clock",   "expect"};
const AllowedKeys kStartKeys = {"case", "application"};
const AllowedKeys kEventKeys = {"case", "type", "id", "correlation", "payload", "actor"};
const AllowedKeys kClaimKeys = {"case", "task", "by"};
const AllowedKeys kDelegateKeys = {"case", "task", "by", "to"};
const AllowedKeys kCompleteKeys = {"case", "task", "by", "data"};
const AllowedKeys kAttachKeys = {"case", "kind", "name", "type", "content", "by"};
const AllowedKeys kSelectorKeys = {"state", "title", "role"};
const AllowedKeys kExpectKeys = {"case",  "state",    "status",      "outcome", "regions",   "data",
                                 "tasks", "messages", "no_messages", "error",   "incidents", "buffered"};
const AllowedKeys kIncidentKeys = {"status", "source", "command", "error", "attempts", "resolution"};
const AllowedKeys kBufferedKeys = {"id", "type", "status", "case", "correlation", "payload"};
const AllowedKeys kTaskKeys = {"state", "title", "role", "status", "assignee", "stage", "prepared_by", "due"};
const AllowedKeys kMessageKeys = {"type", "kind", "to", "subject", "text", "payload"};
const AllowedKeys kErrorKeys = {"kind", "message", "field"};

constexpr const char* kDefaultTenant = "musterstadt";
constexpr const char* kFirstCase = "main";

const std::vector<std::string> kStatuses = {"active", "suspended", "completed", "cancelled"};
const std::vector<std::string> kTaskStatuses = {"open", "claimed"};
const std::vector<std::string> kIncidentStatuses = {"open", "resolved"};
const std::vector<std::string> kBufferedStatuses = {"buffered", "delivered", "expired"};
const std::vector<std::string> kStages = {"prepare", "approve"};
const std::vector<std::string> kMessageKinds = {"emit", "notify", "task", "case"};
const std::vector<std::string> kErrorKinds = {"invalid_argument",
                                              "not_found",
                                              "conflict",
                                              "rule_violation",
                                              "script_failure",
                                              "invalid_definition",
                                              "corruption",
                                              "storage_unavailable",
                                              "storage_full",
                                              "timer_failed",
                                              "unsupported_media_type",
                                              "payload_too_large"};

std::string listing(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// Reads one scenario file; holds what the checks of names need.
class ScenarioReader {
 public:
  ScenarioReader(YamlReader& yaml, const ProcessDefinition* definition) : yaml_(yaml), definition_(definition) {
    if (definition_ == nullptr) return;
    for (const auto& state : definition_->states) {
      top_states_.push_back(state.name);
      all_states_.push_back(state.name);
      for (const auto& region : state.regions)
        for (const auto& inner : region.states) all_states_.push_back(inner.name);
    }
    for (const auto& param : definition_->params) params_.push_back(param.name);
  }

  std::optional<std::string> text(const MapEntry& entry, std::string_view what = "text") {
    return yaml_.text(entry, what);
  }

  std::optional<Timestamp> time(const MapEntry& entry) {
    auto value = text(entry, "an ISO-8601 time (e.g. 2026-03-02T09:00:00Z)");
    if (!value) return std::nullopt;
    auto parsed = parse_timestamp(*value);
    if (!parsed)
      yaml_.report(entry.value_pos, "'" + entry.key + "' must be an ISO-8601 time (e.g. 2026-03-02T09:00:00Z)");
    return parsed;
  }

  // A JSON value whose ${...} references are well formed.
  json::value value(const MapEntry& entry) {
    json::value result = yaml_.to_json(entry.value);
    if (auto bad = find_bad_ref(result))
      yaml_.report(entry.value_pos, "unknown reference '" + *bad + "': use ${case.id}, ${data.PATH} or ${now}");
    return result;
  }

  std::optional<json::object> mapping(const MapEntry& entry, std::string_view what) {
    if (entry.value.IsNull()) return json::object{};
    if (!entry.value.IsMap()) {
      yaml_.report(entry.value_pos, "'" + entry.key + "' must be " + std::string(what));
      return std::nullopt;
    }
    return value(entry).as_object();
  }

  // The file's `application`: what every scenario's application is written as changes of.
  void set_base_application(const MapEntry& entry) {
    if (!entry.value.IsMap())
      yaml_.report(entry.value_pos, "'application' must be a mapping: the applicant's form data");
    base_application_ = value(entry);
  }

  // An `application`: the base application with these changes (JSON Merge Patch: `~` removes a field).
  json::value application(const MapEntry& entry) {
    if (!entry.value.IsMap())
      yaml_.report(entry.value_pos, "'application' must be a mapping: the applicant's form data");
    return merge_patch(base_application_, value(entry));
  }

  json::object params(const MapEntry& entry) {
    auto values = mapping(entry, "a mapping of param names to values (e.g. {fee_first: 15.0})");
    if (!values || definition_ == nullptr) return values.value_or(json::object{});
    for (const auto& param : yaml_.named_entries(entry.value))
      if (std::find(params_.begin(), params_.end(), param.key) == params_.end() &&
          !(param.key == kRetentionParam && !definition_->retention.empty()))  // checked when the scenario runs
        yaml_.report(param.key_pos, "the definition has no param '" + param.key + "'" +
                                        did_you_mean(param.key, params_) + " (params: " + listing(params_) + ")");
    return *values;
  }

  void check_name(const std::string& name, const std::vector<std::string>& known, std::string_view what,
                  SourcePos pos) {
    if (definition_ == nullptr || std::find(known.begin(), known.end(), name) != known.end()) return;
    yaml_.report(pos, "unknown " + std::string(what) + " '" + name + "'" + did_you_mean(name, known));
  }

  void check_choice(const std::string& value, const std::vector<std::string>& allowed, const MapEntry& entry) {
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
      yaml_.report(entry.value_pos, "'" + entry.key + "' must be one of " + listing(allowed));
  }

  Scenario scenario(const MapEntry& entry, const json::object& file_params, Timestamp file_clock,
                    const std::string& file_tenant) {
    Scenario scenario;
    scenario.name = entry.key;
    scenario.pos = entry.key_pos;
    scenario.tenant = file_tenant;
    scenario.params = file_params;
    scenario.clock = file_clock;
    scenario.params_pos = entry.key_pos;
    cases_.clear();
    if (!entry.value.IsMap()) {
      yaml_.report(entry.value_pos, "scenario '" + entry.key + "' must be a mapping {application: ..., steps: [...]}");
      return scenario;
    }
    const auto keys = yaml_.entries(entry.value, kScenarioKeys);
    for (const auto& key : keys) {
      if (key.key == "description") text(key);
      if (key.key == "tenant")
        if (auto tenant = text(key, "the name of a municipality")) scenario.tenant = *tenant;
      if (key.key == "clock")
        if (auto clock = time(key)) scenario.clock = *clock;
      if (key.key == "params") {
        for (const auto& [name, value] : params(key)) scenario.params[name] = value;
        scenario.params_pos = key.value_pos;
      }
    }
    // application, then the expect that belongs to it, then the steps, whatever order they were written in.
    for (const auto& key : keys)
      if (key.key == "application") {
        scenario.steps.push_back(Step{StartStep{application(key)}, "application", kFirstCase, key.key_pos});
        cases_.insert(kFirstCase);
      }
    for (const auto& key : keys)
      if (key.key == "expect") {
        if (cases_.empty()) yaml_.report(key.key_pos, "'expect' checks the application: add 'application'");
        scenario.steps.push_back(expect_step(key));
      }
    for (const auto& key : keys)
      if (key.key == "steps") read_steps(key, scenario.steps);
    if (scenario.steps.empty())
      yaml_.report(entry.key_pos, "scenario '" + entry.key + "' does nothing: give it an 'application' and 'steps'");
    return scenario;
  }

 private:
  void read_steps(const MapEntry& entry, std::vector<Step>& steps) {
    if (!entry.value.IsSequence()) {
      yaml_.report(entry.value_pos, "'steps' must be a list of steps (e.g. [{event: ...}, {expect: ...}])");
      return;
    }
    for (const auto& item : entry.value) {
      const SourcePos pos = yaml_.pos(item);
      if (!item.IsMap() || item.size() == 0) {
        yaml_.report(pos, "a step must be a mapping with one key: " + listing({kStepKinds.begin(), kStepKinds.end()}));
        continue;
      }
      const auto keys = yaml_.entries(item, kStepKinds);
      if (keys.size() > 1) {
        yaml_.report(keys[1].key_pos, "a step has exactly one key: put '" + keys[1].key +
                                          "' in a list item of its own ('- " + keys[1].key + ": ...')");
        continue;
      }
      if (keys.empty()) continue;  // its key was reported as unknown
      if (auto step = read_step(keys.front())) steps.push_back(std::move(*step));
    }
  }

  std::optional<Step> read_step(const MapEntry& entry) {
    const std::string& kind = entry.key;
    if (kind == "advance") {
      ClockStep move;
      auto duration = text(entry, "an ISO-8601 duration (e.g. P14D, PT2H)");
      auto millis = duration ? parse_iso_duration(*duration) : std::nullopt;
      if (duration && !millis)
        yaml_.report(entry.value_pos, "'advance' must be an ISO-8601 duration (e.g. P14D, PT2H)");
      move.advance_ms = millis.value_or(0);
      return Step{move, kind, "", entry.key_pos};
    }
    if (kind == "clock") {
      ClockStep move;
      move.target = time(entry);
      return Step{move, kind, "", entry.key_pos};
    }
    if (kind == "expect") return expect_step(entry);
    if (!entry.value.IsMap()) {
      yaml_.report(entry.value_pos, "'" + kind + "' must be a mapping (see the scenario format)");
      return std::nullopt;
    }
    if (kind == "start") return start_step(entry);
    if (kind == "event") return event_step(entry);
    if (kind == "attach") return attach_step(entry);
    return task_step(entry);
  }

  // The `case:` of a step: a case started earlier in the scenario.
  std::string case_name(const MapEntry& entry) {
    auto name = text(entry, "the name of a case started earlier");
    if (!name) return "";
    if (!cases_.count(*name)) {
      std::vector<std::string> known(cases_.begin(), cases_.end());
      yaml_.report(entry.value_pos, "unknown case '" + *name + "'" + did_you_mean(*name, known) +
                                        " (the application is case 'main'; 'start' steps name further cases)");
    }
    return *name;
  }

  Step start_step(const MapEntry& entry) {
    Step step{StartStep{json::object{}}, "start", "", entry.key_pos};
    auto keys = yaml_.entries(entry.value, kStartKeys);
    yaml_.require(keys, "application", entry.value_pos, "the applicant's form data");
    for (const auto& key : keys) {
      if (key.key == "case") {
        if (auto name = text(key, "a name for the case")) step.case_name = *name;
        if (cases_.count(step.case_name))
          yaml_.report(key.value_pos, "case '" + step.case_name + "' was already started");
      }
      if (key.key == "application") std::get<StartStep>(step.body).application = application(key);
    }
    if (step.case_name.empty()) step.case_name = "case " + std::to_string(cases_.size() + 1);
    cases_.insert(step.case_name);
    return step;
  }

  Step event_step(const MapEntry& entry) {
    EventStep event;
    Step step{EventStep{}, "event", "", entry.key_pos};
    auto keys = yaml_.entries(entry.value, kEventKeys);
    yaml_.require(keys, "type", entry.value_pos, "the event type, e.g. payment.confirmed");
    for (const auto& key : keys) {
      if (key.key == "case") step.case_name = case_name(key);
      if (key.key == "type")
        if (auto type = text(key, "an event type")) event.type = *type;
      if (key.key == "id")
        if (auto id = text(key, "an event id")) event.id = *id;
      if (key.key == "actor")
        if (auto actor = text(key, "who posts the event")) event.actor = *actor;
      if (key.key == "correlation")
        event.correlation =
            mapping(key, "a mapping of correlation keys to values (e.g. {payment_ref: ${data.payment_ref}})");
      if (key.key == "payload") event.payload = value(key);
    }
    step.body = std::move(event);
    return step;
  }

  // The document's fields are checked by the engine when the step runs (a bad kind or type is a
  // refusal an `expect: {error: ...}` can test); here only their shape.
  Step attach_step(const MapEntry& entry) {
    AttachStep attach;
    Step step{AttachStep{}, "attach", "", entry.key_pos};
    for (const auto& key : yaml_.entries(entry.value, kAttachKeys)) {
      if (key.key == "case") step.case_name = case_name(key);
      if (key.key == "kind")
        if (auto kind = text(key, "a document kind (e.g. nachweis)")) attach.kind = *kind;
      if (key.key == "name")
        if (auto name = text(key, "a file name (e.g. nachweis.pdf)")) attach.name = *name;
      if (key.key == "type")
        if (auto type = text(key, "a media type (e.g. application/pdf)")) attach.content_type = *type;
      if (key.key == "content")
        if (auto content = text(key, "the document's text")) attach.content = *content;
      if (key.key == "by")
        if (auto by = text(key, "who attaches the document")) attach.by = *by;
    }
    if (attach.name.empty()) attach.name = (attach.kind.empty() ? std::string("document") : attach.kind) + ".pdf";
    if (attach.content.empty()) attach.content = "%PDF-1.4 scenario document " + attach.name;
    step.body = std::move(attach);
    return step;
  }

  Step task_step(const MapEntry& entry) {
    TaskStep command;
    const std::string& kind = entry.key;
    command.kind = kind == "claim"      ? TaskStepKind::Claim
                   : kind == "unclaim"  ? TaskStepKind::Unclaim
                   : kind == "delegate" ? TaskStepKind::Delegate
                                        : TaskStepKind::Complete;
    command.task.pos = entry.value_pos;
    Step step{TaskStep{}, kind, "", entry.key_pos};
    const AllowedKeys& allowed = command.kind == TaskStepKind::Complete   ? kCompleteKeys
                                 : command.kind == TaskStepKind::Delegate ? kDelegateKeys
                                                                          : kClaimKeys;
    auto keys = yaml_.entries(entry.value, allowed);
    yaml_.require(keys, "by", entry.value_pos, "the clerk who acts");
    if (command.kind == TaskStepKind::Delegate)
      yaml_.require(keys, "to", entry.value_pos, "the clerk who takes the task over");
    for (const auto& key : keys) {
      if (key.key == "case") step.case_name = case_name(key);
      if (key.key == "task") command.task = selector(key);
      if (key.key == "by")
        if (auto by = text(key, "the name of a clerk")) command.by = *by;
      if (key.key == "to")
        if (auto to = text(key, "the name of a clerk")) command.to = *to;
      if (key.key == "data") command.data = value(key);
    }
    step.body = std::move(command);
    return step;
  }

  TaskSelector selector(const MapEntry& entry) {
    TaskSelector selector;
    selector.pos = entry.value_pos;
    if (entry.value.IsScalar()) {
      selector.state = entry.value.Scalar();
      check_name(*selector.state, all_states_, "state", entry.value_pos);
      return selector;
    }
    if (!entry.value.IsMap()) {
      yaml_.report(entry.value_pos, "'task' must be a state name or a mapping {state: ..., title: ..., role: ...}");
      return selector;
    }
    for (const auto& key : yaml_.entries(entry.value, kSelectorKeys)) {
      auto value = text(key);
      if (!value) continue;
      if (key.key == "state") {
        selector.state = *value;
        check_name(*value, all_states_, "state", key.value_pos);
      }
      if (key.key == "title") selector.title = *value;
      if (key.key == "role") selector.role = *value;
    }
    return selector;
  }

  Step expect_step(const MapEntry& entry) {
    Step step{Expectation{}, "expect", "", entry.key_pos};
    Expectation expectation;
    if (!entry.value.IsMap()) {
      yaml_.report(entry.value_pos, "'expect' must be a mapping {state: ..., data: {...}, tasks: [...], ...}");
      step.body = std::move(expectation);
      return step;
    }
    for (const auto& key : yaml_.entries(entry.value, kExpectKeys)) {
      if (key.key == "case") step.case_name = case_name(key);
      if (key.key == "state")
        if (auto state = text(key, "the name of a state")) {
          check_name(*state, top_states_, "state", key.value_pos);
          expectation.state = Expected{"state", json::value(*state), key.value_pos};
        }
      if (key.key == "status")
        if (auto status = text(key)) {
          check_choice(*status, kStatuses, key);
          expectation.status = Expected{"status", json::value(*status), key.value_pos};
        }
      if (key.key == "outcome") expectation.outcome = Expected{"outcome", value(key), key.value_pos};
      if (key.key == "regions")
        if (auto regions = mapping(key, "a mapping of region names to states"))
          expectation.regions = Expected{"regions", *regions, key.value_pos};
      if (key.key == "data") read_data(key, expectation.data);
      // A list of records (tasks, messages, ...), remembered with where it stands for reports.
      auto read_records = [&](const char* name, const auto& allowed, auto& into, auto& position) {
        if (key.key != name) return;
        into = records(key, allowed, name);
        position = key.key_pos;
      };
      read_records("tasks", kTaskKeys, expectation.tasks, expectation.tasks_pos);
      read_records("messages", kMessageKeys, expectation.messages, expectation.messages_pos);
      read_records("incidents", kIncidentKeys, expectation.incidents, expectation.incidents_pos);
      read_records("buffered", kBufferedKeys, expectation.buffered, expectation.buffered_pos);
      if (key.key == "no_messages") read_types(key, expectation.no_messages);
      if (key.key == "error") expectation.error = error(key);
    }
    step.body = std::move(expectation);
    return step;
  }

  void read_data(const MapEntry& entry, std::vector<Expected>& out) {
    if (!entry.value.IsMap()) {
      yaml_.report(entry.value_pos, "'data' must map data paths to expected values (e.g. {fee: 12.0})");
      return;
    }
    for (const auto& field : yaml_.named_entries(entry.value)) {
      if (!is_data_path(field.key))
        yaml_.report(field.key_pos,
                     "invalid data path '" + field.key + "': use names of letters, digits and '_' joined by '.'");
      out.push_back(Expected{"data." + field.key, value(field), field.key_pos});
    }
  }

  void read_types(const MapEntry& entry, std::vector<Expected>& out) {
    auto add = [&](const YAML::Node& node) {
      if (node.IsScalar())
        out.push_back(Expected{"no_messages", json::value(node.Scalar()), yaml_.pos(node)});
      else
        yaml_.report(yaml_.pos(node), "'no_messages' lists message types (e.g. [payment.requested])");
    };
    if (entry.value.IsSequence())
      for (const auto& item : entry.value) add(item);
    else
      add(entry.value);
  }

  // `tasks:` and `messages:`: a list of mappings with the given keys.
  std::vector<RecordExpectation> records(const MapEntry& entry, const AllowedKeys& allowed, std::string_view what) {
    std::vector<RecordExpectation> out;
    if (entry.value.IsNull()) return out;
    if (!entry.value.IsSequence()) {
      yaml_.report(entry.value_pos, "'" + std::string(what) + "' must be a list of mappings ([] for none)");
      return out;
    }
    for (const auto& item : entry.value) {
      RecordExpectation record{json::object{}, yaml_.pos(item)};
      if (!item.IsMap()) {
        yaml_.report(record.pos, "each of '" + std::string(what) +
                                     "' must be a mapping (keys: " + listing({allowed.begin(), allowed.end()}) + ")");
        continue;
      }
      for (const auto& key : yaml_.entries(item, allowed)) read_record_field(key, what, record.fields);
      out.push_back(std::move(record));
    }
    return out;
  }

  void read_record_field(const MapEntry& key, std::string_view what, json::object& fields) {
    if (key.key == "payload" || key.key == "correlation") {
      if (auto payload = mapping(key, "a mapping of fields to expected values")) fields[key.key] = *payload;
      return;
    }
    if (key.key == "attempts") {
      fields[key.key] = value(key);
      return;
    }
    const bool nullable = key.key == "assignee" || key.key == "prepared_by" || key.key == "due" || key.key == "stage";
    if (nullable && key.value.IsNull()) {
      fields[key.key] = nullptr;
      return;
    }
    auto value = text(key);
    if (!value) return;
    if (key.key == "state") check_name(*value, all_states_, "state", key.value_pos);
    if (key.key == "status")
      check_choice(*value,
                   what == "incidents"  ? kIncidentStatuses
                   : what == "buffered" ? kBufferedStatuses
                                        : kTaskStatuses,
                   key);
    if (key.key == "stage") check_choice(*value, kStages, key);
    if (key.key == "kind") check_choice(*value, kMessageKinds, key);
    if (key.key == "due" && !parse_timestamp(*value))
      yaml_.report(key.value_pos, "'due' must be an ISO-8601 date or time (e.g. 2026-03-09 or 2026-03-09T09:00:00Z)");
    fields[key.key] = json::value(*value);
    if (auto bad = find_bad_ref(fields[key.key]))
      yaml_.report(key.value_pos, "unknown reference '" + *bad + "': use ${case.id}, ${data.PATH} or ${now}");
  }

  ErrorExpectation error(const MapEntry& entry) {
    ErrorExpectation expected;
    expected.pos = entry.key_pos;
    if (!entry.value.IsMap()) {
      yaml_.report(entry.value_pos, "'error' must be a mapping {kind: ..., message: ..., field: ...}");
      return expected;
    }
    for (const auto& key : yaml_.entries(entry.value, kErrorKeys)) {
      auto value = text(key);
      if (!value) continue;
      if (key.key == "kind") {
        check_choice(*value, kErrorKinds, key);
        expected.kind = *value;
      }
      if (key.key == "message") expected.message = *value;
      if (key.key == "field") expected.field = *value;
    }
    return expected;
  }

  YamlReader& yaml_;
  const ProcessDefinition* definition_;
  std::vector<std::string> top_states_, all_states_, params_;
  json::value base_application_ = json::object{};
  std::set<std::string> cases_;  // the cases started so far in the scenario being read
};

// The file's text, or nullopt with `why` set to the system's reason.
std::optional<std::string> read_text(const std::string& path, std::string& why) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Reads `process:` and loads the definition it names (relative to the scenario file).
void read_process(YamlReader& yaml, const MapEntry& entry, const std::string& path, ScenarioFile& file,
                  Diagnostics& definition_findings) {
  auto name = yaml.text(entry, "the path of the definition (e.g. urkunde.yaml)");
  if (!name) return;
  const auto resolved = (std::filesystem::path(path).parent_path() / *name).lexically_normal();
  file.process_path = resolved.string();
  file.process_pos = entry.value_pos;
  std::string why;
  auto text = read_text(file.process_path, why);
  if (!text) {
    yaml.report(entry.value_pos, "cannot read the definition " + file.process_path + ": " + why);
    return;
  }
  file.definition_yaml = std::move(*text);
  LoadResult loaded = load_definition(file.definition_yaml, file.process_path);
  if (loaded.ok()) {
    file.definition = std::move(*loaded.definition);
    return;
  }
  const std::size_t count = loaded.diagnostics.size();
  yaml.report(entry.value_pos, "the definition " + file.process_path + " is not valid (" + std::to_string(count) +
                                   (count == 1 ? " problem" : " problems") + ", listed below)");
  definition_findings = std::move(loaded.diagnostics);
}

}  // namespace

ScenarioLoad load_scenarios(std::string_view yaml_text, const std::string& path) {
  ScenarioLoad result;
  YamlReader yaml(yaml_text, path, result.diagnostics);
  const std::optional<YAML::Node> loaded = yaml.load_document(yaml_text, "scenario");
  if (!loaded) return result;
  const YAML::Node& root = *loaded;
  if (!root.IsMap()) {
    yaml.report({1, 1},
                "a scenario file must be a mapping of keys (process, tenant, params, clock, application, scenarios)");
    return result;
  }
  ScenarioFile file;
  file.path = path;
  Diagnostics definition_findings;
  const auto keys = yaml.entries(root, kFileKeys);
  yaml.require(keys, "process", {1, 1}, "the definition the scenarios test, e.g. urkunde.yaml");
  yaml.require(keys, "scenarios", {1, 1}, "the scenarios, by name");
  for (const auto& key : keys)
    if (key.key == "process") read_process(yaml, key, path, file, definition_findings);
  const bool have_definition = !file.definition.id.empty();
  ScenarioReader reader(yaml, have_definition ? &file.definition : nullptr);
  std::string tenant = kDefaultTenant;
  json::object params;
  Timestamp clock = kDefaultScenarioClock;
  for (const auto& key : keys) {
    if (key.key == "tenant")
      if (auto name = reader.text(key, "the name of a municipality")) tenant = *name;
    if (key.key == "clock")
      if (auto time = reader.time(key)) clock = *time;
    if (key.key == "params") params = reader.params(key);
    if (key.key == "application") reader.set_base_application(key);
  }
  for (const auto& key : keys) {
    if (key.key != "scenarios") continue;
    if (!key.value.IsMap() || key.value.size() == 0) {
      yaml.report(key.value_pos, "'scenarios' must map scenario names to scenarios");
      continue;
    }
    for (const auto& entry : yaml.named_entries(key.value))
      file.scenarios.push_back(reader.scenario(entry, params, clock, tenant));
  }
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.pos.line, a.pos.column) < std::pair(b.pos.line, b.pos.column);
  });
  for (auto& finding : definition_findings) result.diagnostics.push_back(std::move(finding));
  if (result.diagnostics.empty()) result.file = std::move(file);
  return result;
}

ScenarioLoad load_scenario_file(const std::string& path) {
  std::string why;
  auto text = read_text(path, why);
  if (text) return load_scenarios(*text, path);
  ScenarioLoad result;
  result.diagnostics.push_back({path, {0, 0}, "cannot read the file: " + why});
  return result;
}

}  // namespace amtsweg
