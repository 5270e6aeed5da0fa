// amtsweg_bench: named workloads over a real SQLite file (like LevelDB's db_bench); scripts/bench
// runs them interleaved with the SQLite floor and the peer and reports ratios (bench/RESULTS.md).
//   build/amtsweg_bench WORKLOAD [--cases N] [--callers C] [--commands N] [--queries Q] [--db DIR]
//                                [--processes DIR] [--store postgresql://USER@HOST:PORT/DB]
//   WORKLOAD: standesamt | floor | postkorb | micro | stats
//   --store: standesamt and micro on that empty PostgreSQL database instead of a SQLite file.
//   AMTSWEG_BENCH_KEEP=1 in the environment keeps --db DIR after the run.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <string>

#include "bench/workloads.hpp"

namespace {

using namespace amtsweg::bench;

int usage() {
  std::fprintf(stderr,
               "usage: amtsweg_bench standesamt|floor|postkorb|micro|stats [--cases N] [--callers C] [--commands N] "
               "[--queries Q] [--db DIR] [--processes DIR] [--store postgresql://...] [--nodes N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::map<std::string, int (*)(const Options&)> workloads = {{"standesamt", run_standesamt},
                                                                    {"floor", run_sqlite_floor},
                                                                    {"postkorb", run_postkorb},
                                                                    {"micro", run_micro},
                                                                    {"stats", run_stats}};
  if (argc < 2 || !workloads.contains(argv[1]) || argc % 2 != 0) return usage();
  Options options;
  options.processes = AMTSWEG_SOURCE_DIR "/processes";
  try {
    for (int i = 2; i + 1 < argc; i += 2) {
      const std::string flag = argv[i], value = argv[i + 1];
      if (flag == "--cases")
        options.cases = std::stoi(value);
      else if (flag == "--callers" || flag == "--threads")
        options.callers = std::stoi(value);
      else if (flag == "--commands")
        options.commands = std::stoi(value);
      else if (flag == "--queries")
        options.queries = std::stoi(value);
      else if (flag == "--db")
        options.dir = value;
      else if (flag == "--processes")
        options.processes = value;
      else if (flag == "--store")
        options.store = value;
      else if (flag == "--nodes")
        options.nodes = std::stoi(value);
      else
        return usage();
    }
    if (options.cases < 1 || options.callers < 1 || options.queries < 1 || options.nodes < 1) return usage();
    if (options.nodes > 1 && options.store.empty()) {
      std::fprintf(stderr, "amtsweg_bench: --nodes above 1 needs --store postgresql://... (one shared database)\n");
      return 2;
    }
    std::filesystem::remove_all(options.dir);
    std::filesystem::create_directories(options.dir);
    const int status = workloads.at(argv[1])(options);
    // AMTSWEG_BENCH_KEEP=1 leaves the database to look at (e.g. EXPLAIN QUERY PLAN in sqlite3).
    const char* keep = std::getenv("AMTSWEG_BENCH_KEEP");
    if (!keep || std::string(keep) != "1") std::filesystem::remove_all(options.dir);
    return status;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "amtsweg_bench %s: %s\n", argv[1], error.what());
    return 1;
  }
}
