// Engine-only durable workload: the Personenstandsurkunde (processes/standesamt/urkunde.yaml)
// from intake through payment, preparation and four-eyes release, as a registry office that has
// chosen the four-eyes option (the param `four_eyes`) runs it.
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "bench/workloads.hpp"
#include "engine/clock.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/store/open_store.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg::bench {

namespace {

namespace json = boost::json;

constexpr const char* kTenant = "giessen";

// A citizen's request for their own birth certificate, delivered digitally: 12 EUR to pay.
json::object application(int i) {
  const std::string name = "Antragsteller " + std::to_string(i);
  return json::object{
      {"applicant", json::object{{"name", name}, {"email", "person" + std::to_string(i) + "@example.org"}}},
      {"certificate", "birth"},
      {"register_entry", json::object{{"number", "G " + std::to_string(1 + i % 9999) + "/1985"}, {"person", name}}},
      {"copies", 1},
      {"purpose", "general"},
      {"relation", "self"},
      {"delivery", "digital"}};
}

// The open task of a case (the clerk finds it in the inbox).
std::string task_of(Engine& engine, const std::string& case_id) {
  TaskQuery query;
  query.tenant = kTenant;
  query.case_id = case_id;
  const auto tasks = engine.tasks(query);
  if (tasks.size() != 1) throw std::runtime_error("case " + case_id + " has no single open task");
  return tasks.front().id;
}

// The four commands of one case; each command's latency goes into `latencies`.
void run_case(Engine& engine, int i, Latencies& latencies) {
  auto at = Stopwatch::now();
  const auto started = engine.start(StartRequest{kTenant, "personenstandsurkunde", application(i), "", "portal"});
  latencies.add(at);
  const std::string& case_id = started.record.id;

  at = Stopwatch::now();
  engine.deliver(EventRequest{kTenant, "pay-" + case_id, "payment.confirmed",
                              json::object{{"payment_ref", "STA-" + case_id}},
                              json::object{{"amount", 12.0}, {"method", "paypal"}}, "payments"});
  latencies.add(at);

  const std::string task_id = task_of(engine, case_id);
  const json::object issue{{"decision", "issue"}};
  at = Stopwatch::now();
  engine.complete(kTenant, task_id, "anna.schmidt", issue);  // prepares
  latencies.add(at);
  at = Stopwatch::now();
  engine.complete(kTenant, task_id, "ben.keller", issue);  // releases: four eyes
  latencies.add(at);
}

std::int64_t issued_cases(Engine& engine) {
  std::int64_t issued = 0;
  for (const auto& count : engine.state_counts(kTenant, "personenstandsurkunde"))
    if (count.state == "issued" && count.status == "completed") issued += count.count;
  return issued;
}

}  // namespace

std::string read_definition(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One engine node: its own store (connections, group writer) on the benchmark's database.
struct Node {
  std::unique_ptr<Store> store;
  std::unique_ptr<Engine> engine;
};

GroupWriterStats writer_totals(const std::vector<Node>& nodes) {
  GroupWriterStats total;
  for (const auto& node : nodes) {
    const auto stats = node.engine->writer_stats();
    total.commands += stats.commands;
    total.groups += stats.groups;
  }
  return total;
}

int run_standesamt(const Options& options) {
  SystemClock clock;
  std::vector<Node> nodes;
  for (int n = 0; n < options.nodes; ++n) {
    Node node;
    node.store = options.store.empty() ? SqliteStore::open(options.dir + "/standesamt.db") : open_store(options.store);
    node.engine = std::make_unique<Engine>(*node.store, clock);
    nodes.push_back(std::move(node));
  }
  Engine& engine = *nodes.front().engine;
  engine.deploy(read_definition(options.processes + "/standesamt/urkunde.yaml"), "urkunde.yaml", "bench");
  // This registry office has a second registrar release every certificate (the procedure's
  // option; registrars act alone by default).
  engine.set_tenant_params(kTenant, "personenstandsurkunde", {{"four_eyes", true}});

  const auto before = writer_totals(nodes);
  const auto start = Stopwatch::now();
  // Case i runs on node i mod N, as a load balancer would spread the requests.
  auto latencies = in_parallel(options.cases, options.callers, [&](int i, Latencies& mine) {
    run_case(*nodes[static_cast<std::size_t>(i) % nodes.size()].engine, i, mine);
  });
  const double seconds = seconds_since(start);
  const auto after = writer_totals(nodes);

  const auto issued = issued_cases(engine);
  if (issued != options.cases) {
    std::fprintf(stderr, "standesamt: %lld of %d cases issued\n", static_cast<long long>(issued), options.cases);
    return 1;
  }
  const double commands = double(after.commands - before.commands);
  const double per_commit = commands / double(after.groups - before.groups);
  const double p50 = latencies.quantile_ms(0.5), p99 = latencies.quantile_ms(0.99);
  std::printf(
      "standesamt, %d callers, %d node(s): %d cases in %.2f s: %.0f cases/s, %.0f commands/s, %.1f commands/commit, "
      "p50 %.2f ms, p99 %.2f ms per command\n",
      options.callers, options.nodes, options.cases, seconds, options.cases / seconds, commands / seconds, per_commit,
      p50, p99);
  print_result(json::object{{"workload", "standesamt"},
                            {"store", options.store.empty() ? "sqlite" : "postgresql"},
                            {"callers", options.callers},
                            {"nodes", options.nodes},
                            {"cases", options.cases},
                            {"seconds", seconds},
                            {"cases_per_s", options.cases / seconds},
                            {"commands_per_s", commands / seconds},
                            {"commands_per_commit", per_commit},
                            {"p50_ms", p50},
                            {"p99_ms", p99}});
  return 0;
}

}  // namespace amtsweg::bench
