// Commands about cases: start, post an event, show a case or its history, list cases, cancel,
// suspend, resume, fire due timers, verify every history chain.
#include <boost/json.hpp>
#include <filesystem>
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "adapters/cli/engine_session.hpp"
#include "adapters/cli/pretty_json.hpp"
#include "engine/error.hpp"
#include "engine/model/record_json.hpp"
#include "engine/runtime/case_view_json.hpp"
#include "engine/runtime/redaction.hpp"
#include "engine/store/open_store.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg::cli {

namespace json = boost::json;

int start_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "process", "data", "key", "actor", "now"});
  auto session = EngineSession::open(args);
  StartRequest request;
  request.tenant = args.required("tenant");
  request.process_id = args.required("process");
  request.data = parse_json_argument(args.value_or("data", "{}"), "data");
  request.idempotency_key = args.value_or("key", "");
  request.actor = args.value_or("actor", "cli");
  const StartResult result = session.engine->start(request);
  std::cout << (result.created ? "started " : "already started under this key: ") << result.record.id << " in state "
            << result.record.state << " (" << to_string(result.record.status) << ")\n";
  return 0;
}

int event_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "id", "type", "correlation", "payload", "actor", "now"});
  auto session = EngineSession::open(args);
  EventRequest request;
  request.tenant = args.required("tenant");
  request.id = args.required("id");
  request.type = args.required("type");
  const json::value correlation = parse_json_argument(args.required("correlation"), "correlation");
  if (!correlation.is_object()) throw Error(ErrorKind::InvalidArgument, "--correlation must be a JSON object");
  request.correlation = correlation.as_object();
  request.payload = parse_json_argument(args.value_or("payload", "{}"), "payload");
  request.actor = args.value_or("actor", "cli");
  std::cout << pretty_json(session.engine->deliver(request)) << "\n";
  return 0;
}

int case_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "redact", "now"});
  if (args.positional().size() != 1)
    throw Error(ErrorKind::InvalidArgument, "usage: amtsweg case --db PATH --tenant T [--redact] CASE_ID");
  auto session = EngineSession::open(args);
  auto view = session.engine->find_case(args.required("tenant"), args.positional()[0]);
  if (!view) throw no_such("case", args.positional()[0]);
  if (args.has("redact"))
    redact_personal(*view, *session.engine->process(view->record.process_id, view->record.process_version));
  const json::object out = to_json(*view, session.clock->now());
  std::cout << pretty_json(out) << "\n";
  return 0;
}

int history_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "json", "now"});
  if (args.positional().size() != 1)
    throw Error(ErrorKind::InvalidArgument, "usage: amtsweg history --db PATH --tenant T CASE_ID");
  auto session = EngineSession::open(args);
  const auto entries = session.engine->history(args.required("tenant"), args.positional()[0]);
  if (args.has("json")) {
    json::array list;
    for (const auto& e : entries) list.push_back(to_json(e));
    std::cout << pretty_json(list) << "\n";
    return 0;
  }
  for (const auto& e : entries) {
    std::cout << e.seq << "  " << format_timestamp(e.at) << "  " << e.actor << "  " << e.event_type << "  "
              << (e.from_state.empty() ? "(new)" : e.from_state) << " -> " << e.to_state;
    if (!e.changes.empty()) std::cout << "  changes " << compact_json(e.changes);
    if (!e.detail.empty()) std::cout << "  " << compact_json(e.detail);
    std::cout << "\n";
  }
  return 0;
}

int cases_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "process", "state", "status", "limit", "after", "json", "now"});
  auto session = EngineSession::open(args);
  CaseQuery query;
  query.tenant = args.required("tenant");
  query.process_id = args.value_or("process", "");
  query.state = args.value_or("state", "");
  if (auto s = args.get("status")) {
    query.status = case_status_from(*s);
    if (!query.status)
      throw Error(ErrorKind::InvalidArgument, "--status must be active, suspended, completed or cancelled");
  }
  query.after_id = args.value_or("after", "");
  query.limit = args.integer("limit", 100, 1, 500);
  const auto cases = session.engine->cases(query);
  if (args.has("json")) {
    json::array list;
    for (const auto& c : cases) list.push_back(to_json(c));
    std::cout << pretty_json(list) << "\n";
    return 0;
  }
  for (const auto& c : cases)
    std::cout << c.id << "  " << c.process_id << " v" << c.process_version << "  " << to_string(c.status) << "  "
              << c.state << (c.outcome.empty() ? "" : "  outcome " + c.outcome) << "  "
              << format_timestamp(c.created_at) << "\n";
  return 0;
}

int lifecycle_command(const std::string& operation, const Arguments& args) {
  args.allow_only({"db", "tenant", "actor", "reason", "now"});
  if (args.positional().size() != 1)
    throw Error(ErrorKind::InvalidArgument, "usage: amtsweg " + operation + " --db PATH --tenant T CASE_ID");
  auto session = EngineSession::open(args);
  const std::string tenant = args.required("tenant"), actor = args.value_or("actor", "cli"), id = args.positional()[0];
  CaseRecord record;
  if (operation == "cancel")
    record = session.engine->cancel_case(tenant, id, actor, args.value_or("reason", "cancelled by " + actor));
  else if (operation == "suspend")
    record = session.engine->suspend_case(tenant, id, actor);
  else
    record = session.engine->resume_case(tenant, id, actor);
  std::cout << record.id << " is " << to_string(record.status) << " in state " << record.state << "\n";
  return 0;
}

int fire_command(const Arguments& args) {
  args.allow_only({"db", "now"});
  auto session = EngineSession::open(args);
  const FireReport report = session.engine->fire_due_timers();
  std::cout << report.fired << " timer" << (report.fired == 1 ? "" : "s") << " fired at "
            << format_timestamp(session.clock->now()) << " (" << report.consumed << " obsolete, " << report.resting
            << " resting with suspended or held cases, " << report.failed << " failed, " << report.expired
            << " buffered event" << (report.expired == 1 ? "" : "s") << " expired)\n";
  for (const auto& failure : report.failures) std::cout << "failed: " << failure << "\n";
  return report.failed == 0 ? 0 : 1;
}

int verify_command(const Arguments& args) {
  args.allow_only({});
  if (args.positional().size() != 1) throw Error(ErrorKind::InvalidArgument, "usage: amtsweg verify DB");
  const std::string& db = args.positional()[0];
  if (!is_postgres_url(db)) {
    if (!std::filesystem::exists(db))  // opening would create an empty database
      throw Error(ErrorKind::NotFound, "no database " + db);
    // Every page first (opening reads only the header and schema): a damaged file is refused with
    // exit code 3 before anything else reads or writes it. (PostgreSQL checks its pages itself.)
    SqliteStore::check_every_page(db);
    std::cout << "every page of " << db << " read: no damage found\n";
  }
  Arguments no_options(0, nullptr, 0);
  auto session = EngineSession::open(args.positional()[0], no_options);
  const auto findings = session.engine->verify();
  const auto cases = session.store->open_reader()->all_case_ids().size();
  for (const auto& f : findings) {
    std::cout << "case " << f.case_id << ": ";
    if (f.seq > 0) std::cout << "history entry " << f.seq << ": ";  // 0: a row of the case cannot be read
    std::cout << f.reason << "\n";
  }
  std::cout << cases << " cases checked, " << findings.size() << " with a broken history\n";
  return findings.empty() ? 0 : 1;
}

}  // namespace amtsweg::cli
