// `amtsweg migrate-store --from FILE --to postgresql://…`: moves an installation from its SQLite file
// to an empty PostgreSQL database, then checks the counts of every table and every history chain.
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "engine/clock.hpp"
#include "engine/error.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/store/open_store.hpp"
#include "engine/store/postgres/postgres_store.hpp"
#include "engine/store/store_copy.hpp"

namespace amtsweg::cli {

int migrate_store_command(const Arguments& args) {
  args.allow_only({"from", "to"});
  const std::string& from = args.required("from");
  const std::string& to = args.required("to");
  if (is_postgres_url(from) || !is_postgres_url(to))
    throw Error(ErrorKind::InvalidArgument,
                "usage: amtsweg migrate-store --from FILE --to postgresql://USER@HOST:PORT/NAME "
                "(from a SQLite file to a PostgreSQL database)");

  std::cout << "copying " << from << " to " << store_name(to) << " in one transaction\n";
  const auto copies = copy_sqlite_to_postgres(from, to, [](const TableCopy& copy) {
    std::cout << "  " << copy.table << ": " << copy.source_rows << " rows\n" << std::flush;
  });
  int differing = 0;
  for (const auto& copy : copies) {
    if (copy.source_rows == copy.target_rows) continue;
    ++differing;
    std::cout << "table " << copy.table << ": " << copy.source_rows << " rows in the source, " << copy.target_rows
              << " in the target\n";
  }

  // Every chain and document hash, read back from the target as a server would read it.
  auto store = PostgresStore::open(to);
  SystemClock clock;
  Engine engine(*store, clock);
  const auto findings = engine.verify();
  for (const auto& f : findings)
    std::cout << "case " << f.case_id << ": " << (f.seq > 0 ? "history entry " + std::to_string(f.seq) + ": " : "")
              << f.reason << "\n";
  const auto cases = store->open_reader()->all_case_ids().size();
  std::cout << copies.size() << " tables copied, " << differing << " with differing counts; " << cases
            << " cases checked in the target, " << findings.size() << " with a broken history\n";
  return differing == 0 && findings.empty() ? 0 : 1;
}

}  // namespace amtsweg::cli
