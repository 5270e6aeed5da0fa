// Entry point of the amtsweg command line: picks the subcommand, reports every amtsweg::Error as
// "error: <kind>: <message>" (with its details) and maps it to the exit code.
#include <boost/json.hpp>
#include <iostream>
#include <string>

#include "adapters/cli/commands.hpp"
#include "adapters/cli/pretty_json.hpp"
#include "engine/error.hpp"
#include "engine/model/json_text.hpp"

namespace {

constexpr const char* kUsage = R"(amtsweg: a workflow engine for digital administrative procedures

usage: amtsweg <command> [options]

server
  serve --db DB [--port 8080] [--address 127.0.0.1] [--processes DIR]
        [--workers 16] [--io-threads 2] [--body-limit BYTES] [--request-log -|off]
        [--rate-limit 50]                the REST API; deploys DIR's *.yaml (shared) first;
                                         N requests/s per principal, bursts of 2N (0: off)
        [--webhook-retention-days 30]    delivered/cancelled webhook deliveries kept (0: for ever)
        [--webhook-allow RANGE|HOST]...  webhooks may also reach this CIDR range or host (else only
                                         public addresses: no loopback, private, link-local...)
        [--db-size-limit MIB]            the database grows to at most MIB MiB (0: no limit);
                                         beyond it writes answer 503 storage_full
        [--tls-cert FILE --tls-key FILE] HTTPS only (TLS 1.2+, PEM files), with HSTS
        [--web DIR]                      the browser UI served at / (default web/dist)
        [--node NAME]                    this node's name in /api/v1/health and /metrics, when
                                         several serve one PostgreSQL database (default HOST:PORT)
        [--portal-token-file FILE]       the portal's integrator token: serves the Online-Antrag
        [--check]                        read every page of DB first (SQLite's quick_check,
                                         seconds per GiB) and refuse a damaged file (exit 3);
                                         without it only the header and schema are read
  serve --demo [--db data/demo.db]       the same with the shipped processes, ekom21 and two demo
                                         municipalities whose tokens are printed; an empty
                                         database first gets the simulated demo history
        [--clock [START][xSPEED]]        demos only: start the clock at START, run SPEED x faster

definitions
  validate FILE...                       check definitions; prints file:line:column: message
  test [--only TEXT] FILE|DIR...         run scenario files (DIR: every *.scenarios.yaml under it)
  deploy --db DB [--tenant T] FILE...    validate and deploy (changed text becomes version n+1);
                                         shared by all tenants, or only T's with --tenant
  processes --db DB [--json]             list deployed definitions and versions
  graph FILE [--format svg|dot] [-o OUT] draw the state graph of a YAML file (no database)
  schema                                 print the JSON Schema of the process language, for
                                         editors (completion, hover help; see processes/README.md)
  params --db DB --tenant T --process P JSON   set a tenant's parameter overrides

demo data
  simulate --db NEW_DB [--until DATE|now] [--seed N] [--only consultation|registry]
        [--registry-days 365] [--processes DIR]
                                         a realistic history through the engine: consultation
                                         applications since 2020-10-01, registry office requests
                                         of the last N days; --until defaults to 2021-08-04, the
                                         day of the published figures (checked and printed)

cases
  start --db DB --tenant T --process P [--data JSON|@file] [--key IDEMPOTENCY_KEY]
  event --db DB --tenant T --id ID --type TYPE --correlation JSON [--payload JSON|@file]
  case --db DB --tenant T [--redact] CASE_ID   state, data, tasks, timers, failures
                                         (--redact: without personal data)
  history --db DB --tenant T CASE_ID [--json]
  export --db DB --tenant T --case ID [--redact]
                                         the case with its history (and hash chain), notes and
                                         documents' SHA-256 as JSON; --redact hides personal data
  export --db DB --tenant T --case ID -o FILE.zip
                                         the case file as an archive package: case, history with
                                         its chain, notes, documents, xdomea-oriented metadata
  cases --db DB --tenant T [--process P] [--state S] [--status S] [--json]
  cancel|suspend|resume --db DB --tenant T CASE_ID [--reason TEXT]
  migrate-cases --db DB --tenant T --process P --from V1 --to V2 [--map OLD=NEW]... [--dry-run]
        [--batch 100] [--json]           move running cases to another version: the plan, then
                                         each case (--dry-run: what would happen, nothing changed);
                                         exit 1 when a case was refused or failed
  fire --db DB                           fire every timer that is due
  incidents --db DB --tenant T [--status open|resolved] [--json]
                                         failed timers and buffered events holding their case
  retry --db DB --tenant T [--user ADMIN] INCIDENT_ID   run the failed command again
  buffered --db DB --tenant T [--status buffered|delivered|expired]   events kept for cases

task inbox
  tasks --db DB --tenant T [--role R]... [--user U] [--status S] [--overdue] [--json]
  claim|unclaim --db DB --tenant T --task ID --user U
  delegate --db DB --tenant T --task ID --user U --to U2
  complete --db DB --tenant T --task ID --user U [--data JSON|@file]
  cancel-task --db DB --tenant T --task ID --user ADMIN

API principals
  token create --db DB --tenant T --name N --roles admin|integrator|operator|clerk:GROUP[,...]
                                         prints a new bearer token once (stored only as SHA-256)
  token revoke --db DB --tenant T --name N
  token list --db DB --tenant T

webhooks (sent by a running `serve`)
  webhooks list --db DB --tenant T
  webhooks add --db DB --tenant T --url URL --events TYPE[,TYPE...] [--secret S]
        [--webhook-allow RANGE|HOST]...  prints the subscription with its secret, once; private,
                                         loopback and other internal targets only where allowed
  webhooks remove --db DB --tenant T --id W-...
                                         pending and dead deliveries are cancelled
  webhooks deliveries --db DB --tenant T --id W-... [--status pending|delivered|dead|cancelled]
        [--limit 100] [--after D-...]    one JSON line per delivery
  webhooks redeliver --db DB --tenant T --delivery D-...

personal data
  retention --db DB [--limit 1000]       delete the personal data of closed cases whose retention
                                         period has ended (the server does this every 10 minutes)
  retention --db DB --dry-run [--json]   list every closed case under a retention rule, with the
                                         time its personal data will be deleted; changes nothing
  deletions --db DB --tenant T [--after ID] [--limit 100] [--json]
                                         the deletion protocol: what was deleted when, under which
                                         rule (counts and field names, never values)

audit
  verify DB                              read every page of DB (refuses a damaged file, exit 3),
                                         then check every case's tamper-evident history
  audit --db DB [--tenant T] [--action A] [--from TIME] [--to TIME] [--json]
                                         administrative actions (deployments, params, tokens,
                                         webhooks, case cancel/suspend/resume/migrate); all
                                         tenants without --tenant

moving
  migrate-store --from FILE --to postgresql://USER@HOST:PORT/NAME
                                         copy a whole SQLite database into an empty PostgreSQL
                                         database in one transaction (stop the server first), then
                                         compare every table's row count and verify every case's
                                         history chain in the target (exit 1 on any difference)

Every command that takes --db also takes --now ISO-8601 to act at a given time (demos, tests).
DB is a SQLite database file, or a PostgreSQL database as postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME
(any libpq URI; serve --demo, --check, --db-size-limit and simulate need a file).
)";

int dispatch(const std::string& command, int argc, char** argv) {
  using namespace amtsweg::cli;
  const Arguments args(argc, argv, 2, {"json", "overdue", "demo", "check", "dry-run", "redact"}, {{"o", "output"}});
  if (command == "serve") return serve_command(args);
  if (command == "validate") return validate_command(args);
  if (command == "graph") return graph_command(args);
  if (command == "schema") return schema_command(args);
  if (command == "test") return test_command(args);
  if (command == "simulate") return simulate_command(args);
  if (command == "deploy") return deploy_command(args);
  if (command == "processes") return processes_command(args);
  if (command == "params") return params_command(args);
  if (command == "start") return start_command(args);
  if (command == "event") return event_command(args);
  if (command == "case") return case_command(args);
  if (command == "history") return history_command(args);
  if (command == "cases") return cases_command(args);
  if (command == "cancel" || command == "suspend" || command == "resume") return lifecycle_command(command, args);
  if (command == "migrate-cases") return migrate_cases_command(args);
  if (command == "fire") return fire_command(args);
  if (command == "incidents") return incidents_command(args);
  if (command == "retry") return retry_command(args);
  if (command == "buffered") return buffered_command(args);
  if (command == "tasks") return tasks_command(args);
  if (command == "claim" || command == "unclaim" || command == "delegate" || command == "complete" ||
      command == "cancel-task")
    return task_command(command, args);
  if (command == "verify") return verify_command(args);
  if (command == "migrate-store") return migrate_store_command(args);
  if (command == "audit") return audit_command(args);
  if (command == "retention") return retention_command(args);
  if (command == "deletions") return deletions_command(args);
  if (command == "export") return export_command(args);
  if (command == "token") return token_command(args);
  if (command == "webhooks") return webhooks_command(args);
  std::cerr << "unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "help" || std::string(argv[1]) == "--help") {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  try {
    return dispatch(argv[1], argc, argv);
  } catch (const amtsweg::Error& e) {
    std::cerr << "error: " << amtsweg::to_string(e.kind()) << ": " << e.what() << "\n";
    if (e.details().is_array())
      for (const auto& d : e.details().as_array()) {
        if (d.is_object() && d.as_object().contains("line"))
          std::cerr << "  " << d.at("file").as_string().c_str() << ":" << d.at("line") << ":" << d.at("column") << ": "
                    << d.at("message").as_string().c_str() << "\n";
        else
          std::cerr << "  " << amtsweg::json_text(d) << "\n";
      }
    if (e.kind() == amtsweg::ErrorKind::InvalidArgument) return 2;
    // A database file that is damaged, of another application or of a newer amtsweg: nothing
    // was repaired or changed; an operator has to look at it (restore a backup, use the newer build).
    if (e.kind() == amtsweg::ErrorKind::Corruption) return 3;
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
