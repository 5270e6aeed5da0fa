// The amtsweg subcommands. Each takes its parsed arguments, prints to stdout, and returns the
// process exit code; failures are thrown as amtsweg::Error and reported by main().
#pragma once

#include "adapters/cli/arguments.hpp"

namespace amtsweg::cli {

int validate_command(const Arguments& args);
int deploy_command(const Arguments& args);
int processes_command(const Arguments& args);
int params_command(const Arguments& args);
int start_command(const Arguments& args);
int event_command(const Arguments& args);
int tasks_command(const Arguments& args);
int task_command(const std::string& operation, const Arguments& args);  // claim|unclaim|delegate|complete|cancel-task
int case_command(const Arguments& args);
int history_command(const Arguments& args);
int cases_command(const Arguments& args);
int lifecycle_command(const std::string& operation, const Arguments& args);  // cancel|suspend|resume
int migrate_cases_command(const Arguments& args);  // running cases to another version of their process
int fire_command(const Arguments& args);
int incidents_command(const Arguments& args);
int retry_command(const Arguments& args);     // an incident
int buffered_command(const Arguments& args);  // buffered events
int verify_command(const Arguments& args);
int migrate_store_command(const Arguments& args);  // SQLite file -> PostgreSQL
int retention_command(const Arguments& args);      // run retention, or --dry-run: what would be deleted and when
int deletions_command(const Arguments& args);      // the deletion protocol
int export_command(const Arguments& args);         // a case with history, notes and documents (--redact)
int audit_command(const Arguments& args);          // the audit log of administrative actions
int token_command(const Arguments& args);          // create|revoke|list
int webhooks_command(const Arguments& args);       // list|add|remove|deliveries|redeliver
int serve_command(const Arguments& args);
int simulate_command(const Arguments& args);  // demo history
int test_command(const Arguments& args);      // scenario files
int graph_command(const Arguments& args);
int schema_command(const Arguments& args);  // the JSON Schema of the process language

}  // namespace amtsweg::cli
