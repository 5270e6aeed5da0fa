// `amtsweg demo`: what scripts/run shows a new user until the server exists. It deploys the
// example procedures and drives real cases through them, printing each step as the CLI command
// that does the same, so the user can continue by hand on the same database.
#include <boost/json.hpp>
#include <filesystem>
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "adapters/cli/pretty_json.hpp"
#include "engine/error.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg::cli {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

void step(int number, const std::string& title) { std::cout << "\n== " << number << ". " << title << "\n"; }
void shell(const std::string& command) { std::cout << "$ amtsweg " << command << "\n"; }

json::value read_json_file(const std::string& path) { return json::parse(read_text_argument("@" + path)); }

}  // namespace

int demo_command(const Arguments& args) {
  args.allow_only({"db", "processes", "examples"});
  const std::string db_path = args.value_or("db", "data/demo.db");
  const std::string processes = args.value_or("processes", "processes/examples");
  const std::string examples = args.value_or("examples", "examples/meldebescheinigung");
  if (auto parent = fs::path(db_path).parent_path(); !parent.empty()) fs::create_directories(parent);
  // The demo's own clock starts at the wall-clock time and is moved forward in step 7.
  auto store = SqliteStore::open(db_path);
  ManualClock clock(SystemClock().now());
  Engine engine(*store, clock);
  const std::string db = "--db " + db_path;

  step(1, "Deploy the example procedures (validated first; unchanged files keep their version)");
  shell("deploy " + db + " " + processes + "/*.yaml");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(processes))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const auto result = engine.deploy(read_text_argument("@" + file.string()), file.string(), "demo-admin");
    std::cout << "   " << result.process_id << " version " << result.version << (result.created ? " deployed" : " (unchanged)") << "\n";
  }

  step(2, "Kassel charges its own fee: tenant params override the definition's defaults");
  shell("params " + db + " --tenant kassel --process meldebescheinigung '{\"fee_first\": 12.0}'");
  engine.set_tenant_params("kassel", "meldebescheinigung", json::object{{"fee_first", 12.0}});

  step(3, "The citizen portal submits an application to Gießen (validated against the form)");
  shell("start " + db + " --tenant giessen --process meldebescheinigung --data @" + examples + "/application.json");
  StartRequest request{"giessen", "meldebescheinigung", read_json_file(examples + "/application.json"), "", "portal"};
  const CaseRecord paid_case = engine.start(request).record;
  const std::string payment_ref(paid_case.data.at("payment_ref").as_string());
  std::cout << "   case " << paid_case.id << " is in state " << paid_case.state << ", fee "
            << pretty_json(paid_case.data.at("fee")) << " EUR, payment reference " << payment_ref << "\n";

  step(4, "The payment provider confirms the payment, correlated by the payment reference");
  const std::string correlation = "{\"payment_ref\": \"" + payment_ref + "\"}";
  shell("event " + db + " --tenant giessen --id pay-" + paid_case.id + " --type payment.confirmed --correlation '" +
        correlation + "' --payload @" + examples + "/payment.json");
  EventRequest payment{"giessen", "pay-" + paid_case.id, "payment.confirmed", json::object{{"payment_ref", payment_ref}},
                       read_json_file(examples + "/payment.json"), "payment-provider"};
  std::cout << pretty_json(engine.deliver(payment)) << "\n";
  std::cout << "   The same event again is recognised by its id and changes nothing:\n";
  std::cout << "   duplicate: " << json::serialize(engine.deliver(payment).at("duplicate")) << "\n";

  step(5, "A clerk of the Bürgerbüro opens the inbox, claims the task and approves");
  shell("tasks " + db + " --tenant giessen --role buergerbuero");
  TaskQuery inbox;
  inbox.tenant = "giessen";
  inbox.roles = {"buergerbuero"};
  inbox.case_id = paid_case.id;
  const auto tasks = engine.tasks(inbox);
  if (tasks.empty()) throw Error(ErrorKind::Corruption, "demo: the clerk's task was not created");
  const TaskRecord& task = tasks.front();
  std::cout << "   " << task.id << "  " << task.title << "  due " << format_timestamp(*task.due_at) << "\n";
  shell("claim " + db + " --tenant giessen --task " + task.id + " --user anna.schmidt");
  engine.claim("giessen", task.id, "anna.schmidt");
  shell("complete " + db + " --tenant giessen --task " + task.id + " --user anna.schmidt --data '{\"decision\": \"approve\"}'");
  engine.complete("giessen", task.id, "anna.schmidt", json::object{{"decision", "approve"}});
  const auto done = engine.find_case("giessen", paid_case.id)->record;
  std::cout << "   case " << done.id << " is " << to_string(done.status) << " with outcome " << done.outcome << "\n";

  step(6, "The eAkte's history: who did what and when, each entry hashing its predecessor");
  shell("history " + db + " --tenant giessen " + paid_case.id);
  for (const auto& e : engine.history("giessen", paid_case.id))
    std::cout << "   " << e.seq << "  " << e.actor << "  " << e.event_type << "  "
              << (e.from_state.empty() ? "(new)" : e.from_state) << " -> " << e.to_state << "  " << e.hash.substr(0, 12)
              << "\n";

  step(7, "A second application is never paid: 15 days later its 14-day deadline has cancelled it");
  request.data.as_object()["purpose"] = "general";
  const CaseRecord unpaid = engine.start(request).record;
  clock.advance(std::chrono::hours(15 * 24));
  shell("fire " + db + " --now " + format_timestamp(clock.now()));
  std::cout << "   " << engine.fire_due_timers().fired << " timer(s) fired\n";
  const auto cancelled = engine.find_case("giessen", unpaid.id)->record;
  std::cout << "   case " << cancelled.id << " is " << to_string(cancelled.status) << " with outcome " << cancelled.outcome << "\n";

  step(8, "Verify every case's history chain");
  shell("verify " + db_path);
  const auto findings = engine.verify();
  std::cout << "   " << engine.cases(CaseQuery{"giessen", "", "", std::nullopt, "", 1000}).size()
            << " cases of Gießen, " << findings.size() << " broken histories\n";

  std::cout << "\nContinue by hand on the same database, for example:\n"
            << "  build/amtsweg case " << db << " --tenant giessen " << paid_case.id << "\n"
            << "  build/amtsweg cases " << db << " --tenant giessen\n"
            << "  build/amtsweg help\n"
            << "The process language: processes/README.md\n";
  return findings.empty() ? 0 : 1;
}

}  // namespace amtsweg::cli
