// The writer of the PostgreSQL store: transactions and savepoints on the connection it owns; its
// writes and reads are the shared ones (sql/), which see its own uncommitted writes.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/store/postgres/pg_connection.hpp"
#include "engine/store/sql/sql_writer.hpp"

namespace amtsweg {

// Used by the single writer thread of one engine node. READ COMMITTED: the revision checks are
// part of each UPDATE (WHERE revision = ?), which PostgreSQL re-evaluates on the newest row
// version when another transaction changed it meanwhile, so a stale write is a Conflict, never a
// lost update; uniqueness (event ids, idempotency keys) is the database's constraints'.
class PgWriter final : public SqlWriter {
 public:
  explicit PgWriter(std::unique_ptr<PgConnection> connection);
  PgWriter(const PgWriter&) = delete;
  PgWriter& operator=(const PgWriter&) = delete;

  void begin() override;
  // Throws Error{Io} (and rolls back) when a statement of the transaction failed outside a
  // savepoint: PostgreSQL would turn that COMMIT into a ROLLBACK without an error.
  void commit() override;
  void rollback() override;
  // One fixed savepoint name ("cmd"); like SQLite, PostgreSQL releases or rolls back to the
  // innermost savepoint of a name, so savepoints nest.
  void savepoint() override;
  void release_savepoint() override;
  void rollback_to_savepoint() override;
  // pg_try_advisory_xact_lock on a key from `purpose`: nodes on one database take turns.
  bool try_lock_for_transaction(std::string_view purpose) override;

 protected:
  PgConnection& connection() override { return *connection_; }

 private:
  void run(std::string_view operation, const std::string& sql);

  std::unique_ptr<PgConnection> connection_;
};

}  // namespace amtsweg
