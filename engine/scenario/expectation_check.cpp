// Comparing an expect block with a case: values by subset match (json_match.hpp), texts people
// read (task titles, notification subjects and texts) by "contains", tasks as an unordered set.
#include "engine/scenario/expectation_check.hpp"

#include <boost/json.hpp>
#include <functional>

#include "engine/error.hpp"
#include "engine/model/incident_json.hpp"
#include "engine/model/record_json.hpp"
#include "engine/scenario/json_match.hpp"

namespace amtsweg {

namespace json = boost::json;

namespace {

bool contains(const json::value* actual, const json::value& expected) {
  return actual != nullptr && actual->is_string() && expected.is_string() &&
         std::string_view(actual->as_string()).find(std::string_view(expected.as_string())) != std::string_view::npos;
}

bool state_matches(std::string_view path, std::string_view state) {
  return path == state ||
         (path.size() > state.size() && path.ends_with(state) && path[path.size() - state.size() - 1] == '/');
}

// A due expectation: null (no due date), a date (the due time's UTC day) or a time.
bool due_matches(const json::value& expected, const std::optional<Timestamp>& due_at) {
  if (expected.is_null()) return !due_at;
  if (!due_at || !expected.is_string()) return false;
  const std::string text(expected.as_string());
  if (text.size() == 10) return format_timestamp(*due_at).substr(0, 10) == text;
  const auto moment = parse_timestamp(text);
  return moment && *moment == *due_at;
}

bool task_fits(const json::object& expected, const TaskRecord& task, Timestamp now) {
  const json::object actual = to_json(task, now);
  for (const auto& [key, value] : expected) {
    if (key == "state") {
      if (!value.is_string() || !state_matches(task.state_path, value.as_string())) return false;
    } else if (key == "title") {
      if (!contains(actual.if_contains("title"), value)) return false;
    } else if (key == "due") {
      if (!due_matches(value, task.due_at)) return false;
    } else if (json_difference(value, actual.if_contains(key))) {
      return false;
    }
  }
  return true;
}

bool message_fits(const json::object& expected, const OutboxMessage& message) {
  const json::value payload = message.payload;
  for (const auto& [key, value] : expected) {
    const json::value* field = payload.as_object().if_contains(key);
    if (key == "type" && value != json::value(message.type)) return false;
    if (key == "kind" && value != json::value(message.kind)) return false;
    if (key == "to" && json_difference(value, field)) return false;
    if ((key == "subject" || key == "text") && !contains(field, value)) return false;
    if (key == "payload" && json_difference(value, &payload)) return false;
  }
  return true;
}

// Each expected task is matched by a different open task (small sets: plain backtracking).
bool assign_tasks(const std::vector<json::object>& expected, const std::vector<TaskRecord>& tasks, std::size_t next,
                  std::vector<bool>& taken, Timestamp now) {
  if (next == expected.size()) return true;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (taken[i] || !task_fits(expected[next], tasks[i], now)) continue;
    taken[i] = true;
    if (assign_tasks(expected, tasks, next + 1, taken, now)) return true;
    taken[i] = false;
  }
  return false;
}

std::string describe_messages(const std::vector<OutboxMessage>& messages) {
  if (messages.empty()) return "no new messages";
  std::string text = std::to_string(messages.size()) + (messages.size() == 1 ? " new message" : " new messages");
  for (const auto& m : messages) {
    json::object shown = m.payload;
    shown.erase("process");
    shown.erase("state");
    if (m.kind == "notify") shown.erase("text");  // the subject says which one it is
    if (m.kind == "task") {
      const json::value* title = m.payload.if_contains("title");
      shown = json::object{{"title", title != nullptr ? *title : json::value(nullptr)}};
    }
    text += "\n" + m.kind + " " + m.type + " " + display_json(json::value(shown));
  }
  return text;
}

std::string describe_expected(const std::vector<RecordExpectation>& records, std::string_view noun) {
  std::string text = std::to_string(records.size()) + " " + std::string(noun) + (records.size() == 1 ? "" : "s");
  for (const auto& r : records) text += "\n" + display_json(json::value(r.fields));
  return text;
}

class Checker {
 public:
  explicit Checker(const CaseObservation& seen) : seen_(seen) {}

  std::vector<Mismatch> run(const Expectation& e) {
    const CaseRecord& record = seen_.view->record;
    const json::object shown = to_json(record);
    if (e.state) value(*e.state, shown.if_contains("state"));
    if (e.status) value(*e.status, shown.if_contains("status"));
    if (e.outcome) value(*e.outcome, shown.if_contains("outcome"));
    if (e.regions) value(*e.regions, shown.if_contains("regions"));
    const json::value data = record.data;
    for (const auto& expected : e.data) value(expected, find_path(data, expected.label.substr(5)));
    if (e.tasks) tasks(*e.tasks, e.tasks_pos);
    if (e.messages) messages(*e.messages, e.messages_pos);
    for (const auto& type : e.no_messages) absent(type);
    if (e.incidents) listed(*e.incidents, e.incidents_pos, "incidents (of the case, oldest first)", incident_views());
    if (e.buffered)
      listed(*e.buffered, e.buffered_pos, "buffered events (of the tenant, in arrival order)", buffered_views());
    return out_;
  }

 private:
  static const json::value* find_path(const json::value& root, const std::string& path) {
    const json::value* at = &root;
    std::size_t start = 0;
    while (start <= path.size()) {
      std::size_t end = path.find('.', start);
      if (end == std::string::npos) end = path.size();
      if (!at->is_object()) return nullptr;
      at = at->as_object().if_contains(path.substr(start, end - start));
      if (at == nullptr) return nullptr;
      start = end + 1;
    }
    return at;
  }

  // The expected value with its ${...} resolved; nullopt (and a mismatch) when they cannot be.
  std::optional<json::value> resolved(const json::value& expected, SourcePos pos) {
    try {
      return resolve_refs(expected, seen_.refs);
    } catch (const Error& e) {
      out_.push_back({pos, "reference", "a value to compare", e.what()});
      return std::nullopt;
    }
  }

  void value(const Expected& expected, const json::value* actual) {
    auto want = resolved(expected.value, expected.pos);
    if (!want) return;
    if (auto difference = json_difference(*want, actual))
      out_.push_back({expected.pos, difference->path.empty() ? expected.label : expected.label + "." + difference->path,
                      difference->expected, difference->actual});
  }

  void tasks(const std::vector<RecordExpectation>& expected, SourcePos pos) {
    std::vector<TaskRecord> open;
    for (const auto& task : seen_.view->tasks)
      if (task.status == TaskStatus::Open || task.status == TaskStatus::Claimed) open.push_back(task);
    std::vector<json::object> wanted;
    for (const auto& record : expected) {
      auto fields = resolved(json::value(record.fields), record.pos);
      if (!fields) return;
      wanted.push_back(fields->as_object());
    }
    std::vector<bool> taken(open.size(), false);
    if (wanted.size() == open.size() && assign_tasks(wanted, open, 0, taken, seen_.refs.now)) return;
    out_.push_back({pos, "tasks (the open tasks)", describe_expected(expected, "task"), describe_tasks(open)});
  }

  void messages(const std::vector<RecordExpectation>& expected, SourcePos pos) {
    if (expected.empty() && !seen_.new_messages.empty())  // `messages: []`: nothing new at all
      out_.push_back(
          {pos, "messages (since the last expect)", "no new messages", describe_messages(seen_.new_messages)});
    std::size_t from = 0;
    for (const auto& record : expected) {
      auto fields = resolved(json::value(record.fields), record.pos);
      if (!fields) return;
      std::size_t i = from;
      while (i < seen_.new_messages.size() && !message_fits(fields->as_object(), seen_.new_messages[i])) ++i;
      if (i == seen_.new_messages.size()) {
        out_.push_back({record.pos, "messages (in this order, since the last expect)", display_json(*fields),
                        describe_messages(
                            std::vector<OutboxMessage>(seen_.new_messages.begin() + from, seen_.new_messages.end()))});
        return;
      }
      from = i + 1;
    }
  }

  std::vector<json::object> incident_views() const {
    std::vector<json::object> views;
    for (const auto& incident : seen_.view->incidents) views.push_back(to_json(incident));
    return views;
  }

  std::vector<json::object> buffered_views() const {
    std::vector<json::object> views;
    for (const auto& event : seen_.buffered) {
      json::object view = to_json(event);
      view["id"] = event.event_id;  // as written in the scenario's event step
      view["case"] = event.case_id;
      views.push_back(std::move(view));
    }
    return views;
  }

  // Exactly these records in this order; `command` and `error` match when they contain the text.
  void listed(const std::vector<RecordExpectation>& expected, SourcePos pos, const std::string& label,
              const std::vector<json::object>& actual) {
    std::vector<json::object> wanted;
    for (const auto& record : expected) {
      auto fields = resolved(json::value(record.fields), record.pos);
      if (!fields) return;
      wanted.push_back(fields->as_object());
    }
    auto fits = [](const json::object& want, const json::object& have) {
      for (const auto& [key, value] : want) {
        const bool by_text = key == "command" || key == "error";
        if (by_text ? !contains(have.if_contains(key), value)
                    : json_difference(value, have.if_contains(key)).has_value())
          return false;
      }
      return true;
    };
    bool all = wanted.size() == actual.size();
    for (std::size_t i = 0; all && i < wanted.size(); ++i) all = fits(wanted[i], actual[i]);
    if (all) return;
    std::string shown = std::to_string(actual.size()) + " listed";
    for (const auto& record : actual) shown += "\n" + display_json(json::value(record));
    out_.push_back({pos, label, describe_expected(expected, "entry"), shown});
  }

  void absent(const Expected& type) {
    for (const auto& message : seen_.new_messages)
      if (json::value(message.type) == type.value) {
        out_.push_back({type.pos, "no_messages", "no " + std::string(type.value.as_string()) + " message",
                        describe_messages(seen_.new_messages)});
        return;
      }
  }

  const CaseObservation& seen_;
  std::vector<Mismatch> out_;
};

}  // namespace

std::vector<Mismatch> check_expectation(const Expectation& expectation, const CaseObservation& seen) {
  return Checker(seen).run(expectation);
}

bool task_matches(const TaskSelector& selector, const TaskRecord& task) {
  return (!selector.state || state_matches(task.state_path, *selector.state)) &&
         (!selector.title || task.title.find(*selector.title) != std::string::npos) &&
         (!selector.role || task.role == *selector.role);
}

std::string describe_tasks(const std::vector<TaskRecord>& tasks) {
  if (tasks.empty()) return "no open tasks";
  std::string text = std::to_string(tasks.size()) + (tasks.size() == 1 ? " open task" : " open tasks");
  for (const auto& task : tasks) {
    json::object shown{
        {"state", task.state_path}, {"title", task.title}, {"role", task.role}, {"status", to_string(task.status)}};
    if (!task.assignee.empty()) shown["assignee"] = task.assignee;
    if (task.four_eyes) shown["stage"] = task.stage == 1 ? "prepare" : "approve";
    if (!task.prepared_by.empty()) shown["prepared_by"] = task.prepared_by;
    if (task.due_at) shown["due"] = format_timestamp(*task.due_at);
    text += "\n" + display_json(json::value(shown));
  }
  return text;
}

}  // namespace amtsweg
