// The SQLite floor: what the Personenstandsurkunde's commands write, written straight through
// SQLite with no engine around it (no parsing, no Lua, no JSON trees), one thread, 100 commands per
// commit, WAL with synchronous=FULL. The engine cannot be faster than this on the same disk.
#include <SQLiteCpp/SQLiteCpp.h>

#include <boost/json.hpp>
#include <cstdio>
#include <string>

#include "bench/workloads.hpp"

namespace amtsweg::bench {

namespace {

namespace json = boost::json;

constexpr int kGroup = 100;  // commands per commit

// The engine's tables, reduced to the columns that carry bytes.
constexpr const char* kSchema = R"sql(
CREATE TABLE cases (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, state TEXT NOT NULL, data TEXT NOT NULL,
                    revision INTEGER NOT NULL, updated_at INTEGER NOT NULL, history_head TEXT NOT NULL);
CREATE TABLE correlations (case_id TEXT NOT NULL, key TEXT NOT NULL, tenant TEXT NOT NULL, value TEXT NOT NULL,
                           PRIMARY KEY (case_id, key));
CREATE INDEX correlations_by_value ON correlations (tenant, key, value, case_id);
CREATE TABLE history (case_id TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL,
                      event_type TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL,
                      changes TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
                      PRIMARY KEY (case_id, seq)) WITHOUT ROWID;
CREATE TABLE tasks (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, case_id TEXT NOT NULL, role TEXT NOT NULL,
                    status TEXT NOT NULL, assignee TEXT NOT NULL, due_at INTEGER, data TEXT);
CREATE INDEX tasks_inbox ON tasks (tenant, status, role, due_at);
CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, case_id TEXT NOT NULL,
                     type TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE events (tenant TEXT NOT NULL, event_id TEXT NOT NULL, result TEXT NOT NULL,
                     PRIMARY KEY (tenant, event_id));
)sql";

const std::string kHash(64, 'a');  // a SHA-256 in hex

// One command's rows: the case, a history entry and an outbox message, plus what the step adds.
class FloorWriter {
 public:
  explicit FloorWriter(SQLite::Database& db)
      : insert_case_(db, "INSERT INTO cases VALUES (?, 'giessen', ?, ?, 1, ?, ?)"),
        update_case_(db,
                     "UPDATE cases SET state = ?, data = ?, revision = revision + 1, updated_at = ?, "
                     "history_head = ? WHERE id = ?"),
        insert_correlation_(db, "INSERT INTO correlations VALUES (?, 'payment_ref', 'giessen', ?)"),
        insert_history_(db, "INSERT INTO history VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        insert_task_(db, "INSERT INTO tasks VALUES (?, 'giessen', ?, 'standesamt', 'open', '', ?, NULL)"),
        update_task_(db, "UPDATE tasks SET status = ?, assignee = ?, data = ? WHERE id = ?"),
        insert_outbox_(
            db, "INSERT INTO outbox (tenant, case_id, type, payload, created_at) VALUES ('giessen', ?, ?, ?, ?)"),
        insert_event_(db, "INSERT INTO events VALUES ('giessen', ?, ?)") {}

  // Step 0 intake, 1 payment, 2 preparation, 3 release.
  void command(int case_number, int step, std::int64_t now) {
    const std::string id = "C-" + std::to_string(case_number);
    const std::string task = "T-" + std::to_string(case_number);
    static const char* const kStates[] = {"awaiting_payment", "preparation", "preparation", "issued"};
    data_["step"] = step;
    const std::string data = json::serialize(data_);
    if (step == 0) {
      run(insert_case_, id, kStates[step], data, now, kHash);
      run(insert_correlation_, id, "STA-" + id);
    } else {
      run(update_case_, kStates[step], data, now, kHash, id);
    }
    run(insert_history_, id, step + 1, now, "bench", "step", "from", kStates[step], R"({"/step":[0,1]})", kHash, kHash);
    run(insert_outbox_, id, "notify", R"({"to":"applicant","subject":"Ihr Antrag","text":"Guten Tag"})", now);
    if (step == 1) {
      run(insert_event_, "pay-" + id, R"({"cases":[{"case_id":")" + id + R"(","handled":true}]})");
      run(insert_task_, task, id, std::int64_t{now + 3 * 86400000});
    } else if (step >= 2) {
      run(update_task_, step == 2 ? "claimed" : "completed", "anna.schmidt", R"({"decision":"issue"})", task);
    }
  }

 private:
  template <class... Values>
  static void run(SQLite::Statement& statement, const Values&... values) {
    statement.reset();
    int index = 1;
    (statement.bind(index++, values), ...);
    statement.exec();
  }

  SQLite::Statement insert_case_, update_case_, insert_correlation_, insert_history_, insert_task_, update_task_,
      insert_outbox_, insert_event_;
  // A case's data as the engine keeps it: the application plus the values the definition sets.
  json::object data_{{"applicant", json::object{{"name", "Antragsteller"}, {"email", "person@example.org"}}},
                     {"certificate", "birth"},
                     {"register_entry", json::object{{"number", "G 1234/1985"}, {"person", "Antragsteller"}}},
                     {"copies", 1},
                     {"purpose", "general"},
                     {"relation", "self"},
                     {"delivery", "digital"},
                     {"payment_ref", "STA-C-0123456789abcdef"},
                     {"certificate_name", "Geburtsurkunde"},
                     {"entitled", true},
                     {"fee", 12.0}};
};

}  // namespace

int run_sqlite_floor(const Options& options) {
  SQLite::Database db(options.dir + "/floor.db", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec(kSchema);
  FloorWriter writer(db);
  const int commands = options.commands > 0 ? options.commands : 4 * options.cases;
  const auto start = Stopwatch::now();
  for (int first = 0; first < commands; first += kGroup) {
    SQLite::Transaction group(db);
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    for (int c = first; c < std::min(commands, first + kGroup); ++c) writer.command(c / 4, c % 4, now);
    group.commit();
  }
  const double seconds = seconds_since(start);
  const auto stored = db.execAndGet("SELECT COUNT(*) FROM history").getInt64();
  if (stored != commands) {
    std::fprintf(stderr, "floor: %lld of %d history rows stored\n", static_cast<long long>(stored), commands);
    return 1;
  }
  std::printf("sqlite floor: %d commands in %.2f s: %.0f commands/s (group commit of %d, synchronous=FULL)\n", commands,
              seconds, commands / seconds, kGroup);
  print_result(json::object{{"workload", "floor"},
                            {"commands", commands},
                            {"seconds", seconds},
                            {"commands_per_s", commands / seconds},
                            {"commands_per_commit", kGroup}});
  return 0;
}

}  // namespace amtsweg::bench
