// The named workloads of build/amtsweg_bench; each returns the process exit code (0: ran and
// checked its outcome) and prints a human line per figure plus one `RESULT {...}` line.
#pragma once

#include <string>

#include "bench/bench_support.hpp"

namespace amtsweg::bench {

// Engine only, durable: the Personenstandsurkunde (processes/standesamt) from intake through the
// payment event, the preparation and the four-eyes release, `callers` threads each driving cases.
int run_standesamt(const Options& options);
// The SQLite floor: similar rows per command written straight through SQLite, one thread, group
// commit of 100 commands, WAL with synchronous=FULL.
int run_sqlite_floor(const Options& options);
// Postkorb latency with many open tasks (filled through Engine::start): the clerk's inbox, its
// later pages, the overdue view and the assignee view.
int run_postkorb(const Options& options);
// GET /api/v1/stats (Engine::statistics) over `cases` cases filled with SQL in the store's schema,
// against SELECT count(*) over every case in the same run.
int run_stats(const Options& options);
// The earlier micro workloads (starts, events by key, buffered events, Lua guards).
int run_micro(const Options& options);

// The text of a definition file; throws std::runtime_error when it cannot be read.
std::string read_definition(const std::string& path);

}  // namespace amtsweg::bench
