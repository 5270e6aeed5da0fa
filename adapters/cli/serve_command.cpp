// `amtsweg serve`: the product's main job. Opens the database, deploys the process catalogue,
// serves the REST API over HTTP, fires due timers and delivers webhooks in the background, and on
// SIGINT/SIGTERM stops accepting, finishes the requests in flight, commits and exits 0.
#include <boost/asio/ip/host_name.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <mutex>

#include "adapters/cli/commands.hpp"
#include "adapters/cli/demo_tenants.hpp"
#include "adapters/cli/engine_session.hpp"
#include "adapters/cli/web_site.hpp"
#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/http_server.hpp"
#include "adapters/simulation/demo_history.hpp"
#include "adapters/webhook/webhook_dispatcher.hpp"
#include "engine/error.hpp"
#include "engine/runtime/timer_scheduler.hpp"
#include "engine/scaled_clock.hpp"
#include "engine/store/open_store.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg::cli {
namespace {

namespace fs = std::filesystem;

// --clock [START][xSPEED], e.g. "2026-03-02T08:00:00Z", "x3600" or "2026-03-02T08:00:00Zx60".
// For demonstrations and tests only: the default is the wall clock.
std::unique_ptr<Clock> make_clock(const Arguments& args) {
  const auto spec = args.get("clock");
  if (!spec) return std::make_unique<SystemClock>();
  const std::size_t x = spec->find('x');
  const std::string start_text = spec->substr(0, x);
  const auto start = start_text.empty() ? std::optional(SystemClock().now()) : parse_timestamp(start_text);
  double speed = 1;
  try {
    if (x != std::string::npos) speed = std::stod(spec->substr(x + 1));
  } catch (const std::exception&) {
    speed = 0;
  }
  if (!start || speed <= 0 || speed > 1e6)
    throw Error(ErrorKind::InvalidArgument,
                "--clock must be [START][xSPEED], e.g. 2026-03-02T08:00:00Z, x3600 or 2026-03-02T08:00:00Zx60");
  return std::make_unique<ScaledClock>(*start, speed);
}

// Every *.yaml under `dir` except scenario files, in a stable order, deployed as shared
// definitions. Invalid files stop the start: a server must not come up with half a catalogue.
void deploy_catalogue(Engine& engine, const fs::path& dir) {
  if (!fs::is_directory(dir)) throw Error(ErrorKind::NotFound, "--processes: no directory " + dir.string());
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.ends_with(".yaml") && !name.ends_with(".scenarios.yaml"))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const DeployResult result = engine.deploy(read_text_argument("@" + file.string()), file.string(), "serve");
    std::cout << "  " << std::left << std::setw(28) << result.process_id << " v" << result.version
              << (result.created ? "  deployed" : "  unchanged") << "   " << file.string() << "\n";
  }
}

void print_demo_tokens(const std::vector<DemoPrincipal>& principals, const std::string& url) {
  std::cout << "\nDemo tenants (tokens are shown only now; the next start issues new ones):\n";
  for (const auto& p : principals)
    std::cout << "  " << std::left << std::setw(9) << p.tenant << std::setw(11) << p.kind << std::setw(15) << p.name
              << p.token << "\n";
  const auto& clerk = principals.at(1);
  const auto& portal = principals.at(3);
  const auto& ops = principals.back();
  std::cout << "\nTry it (see examples/walkthrough.sh for a whole procedure):\n"
            << "  curl -s " << url << "/api/v1/processes -H 'Authorization: Bearer " << portal.token << "'\n"
            << "  curl -s " << url << "/api/v1/tasks -H 'Authorization: Bearer " << clerk.token << "'\n"
            << "  curl -s " << url << "/metrics -H 'Authorization: Bearer " << ops.token << "'\n";
}

bool database_has_cases(const std::string& db_path) {
  if (!fs::exists(db_path)) return false;
  return simulation::has_cases(*SqliteStore::open(db_path));
}

// Moves a finished simulation's file (and a write-ahead log SQLite kept, if any) to `db_path`.
void move_database(const std::string& from, const std::string& to) {
  fs::remove(to + "-shm");
  fs::remove(from + "-shm");
  if (fs::exists(from + "-wal"))
    fs::rename(from + "-wal", to + "-wal");
  else
    fs::remove(to + "-wal");
  fs::rename(from, to);
}

// An empty demo database first gets the simulated history up to now, so inbox and dashboard are
// full; one that holds cases is left as it is (scripts/run restarts on the same file).
// Simulates into a separate file that replaces the empty database only when it is complete: a demo
// start interrupted half-way (Ctrl-C works meanwhile) leaves no half history behind, and the next
// start simulates again.
void load_demo_history(const std::string& db_path, Timestamp now, const std::string& processes_dir) {
  for (const auto& file : simulation::demo_definition_files())
    if (!fs::is_regular_file(fs::path(processes_dir) / file)) {
      std::cout << "Demo history: none simulated, " << processes_dir << " has no " << file << "\n";
      return;
    }
  if (database_has_cases(db_path)) {
    std::cout << "Demo history: the database already holds cases, not simulated again\n";
    return;
  }
  const std::string partial = db_path + ".partial";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(partial + suffix);
  simulation::DemoHistoryOptions options;
  options.until = now;
  options.processes_dir = processes_dir;
  options.registry_days = 180;  // half a year of requests: a fuller year would double the wait for the first start
  std::cout << "Demo history: simulating consultation applications since 2020-10-01 and half a year of registry "
               "office requests up to now ...\n"
            << std::flush;
  std::cout << simulation::describe(simulation::simulate_demo_history(partial, options), options.targets);
  move_database(partial, db_path);
}

// --check: every page of an existing database is read before the server uses it (opening reads
// only the header and schema, so that a start takes milliseconds however large the file); a
// damaged file stops the start with Error{Corruption} (exit code 3), a new one has nothing to check.
void check_every_page(const std::string& db_path) {
  if (!fs::exists(db_path)) return;
  const auto started = std::chrono::steady_clock::now();
  SqliteStore::check_every_page(db_path);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::cout << "Checked every page of " << db_path << " in " << std::fixed << std::setprecision(1) << took.count()
            << " s: no damage found\n"
            << std::defaultfloat << std::flush;
}

// --demo (simulated into an in-memory SQLite database, then written as a file), --check (SQLite's
// page check) and --db-size-limit (SQLite's max_page_count) are SQLite's: with a PostgreSQL URL
// they are refused, not ignored (PostgreSQL has data checksums, amcheck and its own quotas).
void refuse_sqlite_options(const std::string& db, const Arguments& args) {
  if (!is_postgres_url(db)) return;
  for (const char* option : {"demo", "check", "db-size-limit"})
    if (args.has(option))
      throw Error(ErrorKind::InvalidArgument,
                  std::string("--") + option + " works on a SQLite database file only, not with a PostgreSQL --db");
}

// The store of the server; a SQLite file gets its --db-size-limit.
std::unique_ptr<Store> open_serve_store(const std::string& db, const Arguments& args) {
  if (is_postgres_url(db)) return open_store(db);
  auto store = SqliteStore::open(db);
  // A quota below the disk's size: writes beyond it answer 503 storage_full, as a full disk would,
  // while the disk keeps room for the log and the database's own recovery.
  store->set_size_limit(std::int64_t{args.integer("db-size-limit", 0, 0, 1 << 30)} * 1024 * 1024);
  return store;
}

// SIGINT and SIGTERM are blocked in every thread (this must run before any thread starts) and
// taken synchronously by wait_for_stop_signal(), so no handler runs at an arbitrary moment.
sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int wait_for_stop_signal(const sigset_t& signals) {
  int signal = 0;
  sigwait(&signals, &signal);
  return signal;
}

rest::ServerOptions server_options(const Arguments& args) {
  rest::ServerOptions options;
  options.address = args.value_or("address", "127.0.0.1");
  options.port = static_cast<unsigned short>(args.integer("port", 8080, 0, 65535));
  options.io_threads = args.integer("io-threads", 2, 1, 64);
  options.worker_threads = args.integer("workers", 16, 1, 256);
  options.body_limit = static_cast<std::size_t>(args.integer("body-limit", 1024 * 1024, 1024, 64 * 1024 * 1024));
  if (args.value_or("request-log", "-") == "-") {
    auto mutex = std::make_shared<std::mutex>();
    options.request_log = [mutex](const std::string& line) {
      std::lock_guard lock(*mutex);
      std::cout << line << "\n" << std::flush;
    };
  } else if (args.value_or("request-log", "-") != "off") {
    throw Error(ErrorKind::InvalidArgument, "--request-log must be - (standard output) or off");
  }
  if (args.has("tls-cert") != args.has("tls-key"))
    throw Error(ErrorKind::InvalidArgument, "--tls-cert and --tls-key go together: give both PEM files or neither");
  if (args.has("tls-cert")) {
    options.tls = rest::TlsFiles{args.required("tls-cert"), args.required("tls-key")};
    // Checked now, before the database is opened or a demo history simulated; the server loads them again.
    rest::check_tls_files(*options.tls);
  }
  return options;
}

// --rate-limit N: requests per second per principal, bursts of 2N; 0 turns the limit off.
std::shared_ptr<rest::RateLimiter> rate_limiter(const Arguments& args) {
  const int per_second = args.integer("rate-limit", 50, 0, 1000000);
  if (per_second == 0) return nullptr;
  return std::make_shared<rest::RateLimiter>(rest::RateLimit{double(per_second), 2.0 * per_second});
}

}  // namespace

int serve_command(const Arguments& args) {
  args.allow_only({"db",
                   "port",
                   "address",
                   "processes",
                   "demo",
                   "check",
                   "clock",
                   "io-threads",
                   "workers",
                   "body-limit",
                   "request-log",
                   "rate-limit",
                   "webhook-retention-days",
                   "webhook-allow",
                   "db-size-limit",
                   "web",
                   "portal-token-file",
                   "tls-cert",
                   "tls-key",
                   "node"});
  const bool demo = args.has("demo");
  const EngineOptions options_of_engine = engine_options(args);  // a bad --webhook-allow stops here
  const std::string db_path = demo ? args.value_or("db", "data/demo.db") : args.required("db");
  rest::ServerOptions options = server_options(args);
  webhook::DispatcherOptions webhook_options;
  webhook_options.retention = std::chrono::hours(24 * args.integer("webhook-retention-days", 30, 0, 36500));
  const auto clock = make_clock(args);
  refuse_sqlite_options(db_path, args);
  if (auto parent = fs::path(db_path).parent_path(); !parent.empty() && !is_postgres_url(db_path))
    fs::create_directories(parent);
  std::cout << "amtsweg " << (demo ? "demo " : "") << "on " << store_name(db_path) << " (clock "
            << format_timestamp(clock->now()) << (args.has("clock") ? ", set by --clock" : "") << ")\n"
            << std::flush;
  if (args.has("check")) check_every_page(db_path);
  // Before the stop signals are blocked, so that Ctrl-C ends a long first simulation.
  if (demo) load_demo_history(db_path, clock->now(), args.value_or("processes", "processes"));

  const sigset_t stop_signals = block_stop_signals();
  const auto store = open_serve_store(db_path, args);
  Engine engine(*store, *clock, options_of_engine);
  if (auto dir = args.get("processes"); dir || demo) {
    std::cout << "Process catalogue:\n";
    deploy_catalogue(engine, dir.value_or("processes"));
  }
  const auto principals = demo ? issue_demo_tokens(engine) : std::vector<DemoPrincipal>{};

  rest::ApiContext context{engine, *clock, rest::engine_authenticator(engine)};
  context.rate_limiter = rate_limiter(args);
  context.store_kind = is_postgres_url(db_path) ? "postgresql" : "sqlite";
  // Several nodes on one machine differ by their port.
  context.node = args.value_or("node", boost::asio::ip::host_name() + ":" + std::to_string(options.port));
  context.label_metrics_with_node = args.has("node");
  options.observer = context.metrics;  // the server counts what GET /metrics shows
  const rest::Router router = rest::make_api_router(context);
  const auto site = load_web_site(args, principals);
  rest::HttpServer server(
      rest::site_handler(rest::AsyncRequestHandler([&router](const rest::Request& request, rest::Respond respond) {
                           router.handle_async(request, std::move(respond));
                         }),
                         site.get()),
      options);
  server.start();
  TimerSchedulerOptions scheduling;
  scheduling.on_report = [](const FireReport& report) {
    std::cerr << "scheduler: " << report.fired << " fired, " << report.consumed << " obsolete, " << report.failed
              << " failed (incidents opened), " << report.expired << " buffered events expired\n";
    for (const auto& failure : report.failures) std::cerr << "  " << failure << "\n";
  };
  scheduling.on_retention = [](const RetentionReport& report) {
    std::cerr << "retention: personal data of " << report.deleted.size() << " cases deleted, " << report.failures.size()
              << " failed\n";
    for (const auto& failure : report.failures) std::cerr << "  " << failure << "\n";
  };
  TimerScheduler scheduler(engine, std::move(scheduling));
  webhook::WebhookDispatcher webhooks(engine, webhook_options);
  webhooks.start();

  const std::string url =
      std::string(options.tls ? "https://" : "http://") + options.address + ":" + std::to_string(server.port());
  std::cout << "\nServing " << url << "/api/v1  (health: " << url << "/api/v1/health, API description: " << url
            << "/api/v1/openapi.json, metrics for the operator: " << url << "/metrics)\n";
  if (demo) print_demo_tokens(principals, url);
  if (site) print_web_site(std::cout, *site, url, principals);
  std::cout << "\nCtrl-C (SIGINT) or SIGTERM stops the server gracefully.\n" << std::flush;

  const int signal = wait_for_stop_signal(stop_signals);
  std::cout << "\nStopping (" << (signal == SIGTERM ? "SIGTERM" : "SIGINT")
            << "): no new connections, finishing requests in flight\n"
            << std::flush;
  server.stop();
  scheduler.stop();
  webhooks.stop();  // answers in flight are recorded; what is left goes out after the next start
  std::cout << "Stopped; every acknowledged change is committed.\n";
  return 0;  // the engine's writer drains and commits as it is destroyed
}

}  // namespace amtsweg::cli
