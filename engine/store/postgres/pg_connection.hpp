// One PostgreSQL connection of the store (libpq) with its server-side prepared statements, one
// per SQL text, prepared on first use. The shared queries are written with `?` placeholders and a
// few SQLite spellings; translate_sql() turns them into PostgreSQL's. Used by one thread at a time.
#pragma once

#include <postgresql/libpq-fe.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "engine/store/postgres/pg_statement.hpp"
#include "engine/store/sql/sql_connection.hpp"

namespace amtsweg {

// The PostgreSQL text of a shared query and its number of parameters: `?` outside quotes becomes
// $1, $2 ...; json_each(?) over an array or an object becomes json_array_elements_text or
// json_each_text; LIKE becomes ILIKE (SQLite's LIKE ignores ASCII case; the columns are of the
// "C" collation, under which ILIKE does the same).
std::pair<std::string, int> translate_sql(const std::string& sql);

// `url` without its password, for messages ("postgresql://amtsweg@db1:5432/amtsweg").
std::string url_for_messages(const std::string& url);

class PgConnection final : public SqlConnection {
 public:
  // Connects to `url` (a libpq connection URI: postgresql://user:password@host:port/database?...).
  // Throws PgFailure when it cannot.
  explicit PgConnection(const std::string& url);
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Lease statement(const std::string& sql) override;
  // Runs SQL without parameters or results (BEGIN, DDL); several statements may be given.
  void execute(const std::string& sql);
  // Whether a transaction is open, and whether it failed (then only a rollback works).
  bool in_transaction() const;
  bool transaction_failed() const;
  // False once the server went away (a reader's connection is then not pooled again).
  bool healthy() const;

  const std::string& path() const override { return display_; }

 private:
  struct Finish {
    void operator()(PGconn* connection) const { PQfinish(connection); }
  };
  std::unique_ptr<PGconn, Finish> connection_;
  std::string display_;
  struct CachedStatement {
    std::unique_ptr<PgStatement> statement;
    bool in_use = false;
  };
  std::unordered_map<std::string, CachedStatement> statements_;
};

}  // namespace amtsweg
