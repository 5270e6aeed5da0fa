// The PostgreSQL writer's transactions and savepoints; its writes are the shared ones
// (sql/sql_writer.cpp).
#include "engine/store/postgres/pg_writer.hpp"

#include "engine/error.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

PgWriter::PgWriter(std::unique_ptr<PgConnection> connection) : connection_(std::move(connection)) {}

void PgWriter::run(std::string_view operation, const std::string& sql) {
  with_store_errors(operation, "", [&] { connection_->execute(sql); });
}

// Every writer transaction of every node on the database first takes one advisory lock, held to
// its end: the nodes' groups commit one at a time. Outbox ids come from a sequence when a row is
// inserted, so without it two nodes' transactions could commit in the other order than their ids,
// and the webhook fan-out, which reads the outbox after a cursor by id, would step over a message
// committed late (seen in the three-node chaos test). Deciding stays parallel across nodes; only
// the writes are serialized, as they are within one node.
void PgWriter::begin() {
  run("begin", "BEGIN");
  with_store_errors("begin", "", [&] {
    connection_->statement("SELECT pg_advisory_xact_lock(hashtext('amtsweg/writer'))")->executeStep();
  });
}

void PgWriter::commit() {
  if (connection_->transaction_failed()) {
    rollback();
    throw Error(ErrorKind::Io, store_message("commit", connection_->path(),
                                             "a statement of the transaction failed; it was rolled back"));
  }
  run("commit", "COMMIT");
}

void PgWriter::rollback() {
  if (connection_->in_transaction()) run("rollback", "ROLLBACK");
}

void PgWriter::savepoint() { run("savepoint", "SAVEPOINT cmd"); }
void PgWriter::release_savepoint() { run("release_savepoint", "RELEASE SAVEPOINT cmd"); }

void PgWriter::rollback_to_savepoint() {
  if (!connection_->in_transaction()) {
    throw Error(ErrorKind::Io, store_message("rollback_to_savepoint", connection_->path(),
                                             "the connection lost the whole transaction"));
  }
  // ROLLBACK TO undoes the command but keeps the savepoint open; RELEASE then removes it.
  run("rollback_to_savepoint", "ROLLBACK TO SAVEPOINT cmd");
  run("rollback_to_savepoint", "RELEASE SAVEPOINT cmd");
}

bool PgWriter::try_lock_for_transaction(std::string_view purpose) {
  return with_store_errors("try_lock_for_transaction", purpose, [&] {
    auto lock = connection_->statement("SELECT pg_try_advisory_xact_lock(hashtext(?))");
    lock->bind(1, "amtsweg/" + std::string(purpose));
    lock->executeStep();
    return lock->getColumn(0).getString() == "t";
  });
}

}  // namespace amtsweg
