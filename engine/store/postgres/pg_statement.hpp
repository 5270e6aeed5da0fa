// A prepared PostgreSQL statement behind the shared SqlStatement interface: parameters are sent
// as text (bytes as binary), results come back as text and are read like SQLite's columns.
#pragma once

#include <postgresql/libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/store/sql/sql_connection.hpp"

namespace amtsweg {

// Deletes a libpq result.
struct PgResultFree {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultFree>;

// Throws PgFailure for a result that is not `expected` (PGRES_COMMAND_OK or PGRES_TUPLES_OK),
// with the server's SQLSTATE; a null result (the connection broke) has none.
PgResult checked_result(PGconn* connection, PGresult* result, ExecStatusType expected);

class PgStatement final : public SqlStatement {
 public:
  // `name`: the server-side prepared statement, already prepared with `parameters` parameters.
  PgStatement(PGconn* connection, std::string name, int parameters);

  void bind(int index, const std::string& value) override;
  void bind(int index, std::int64_t value) override;
  using SqlStatement::bind;
  void bind(int index) override;
  void bindNoCopy(int index, const void* bytes, int size) override;
  void clearBindings() override;

  int exec() override;
  bool executeStep() override;
  void tryReset() noexcept override;

  bool column_is_null(int index) const override;
  std::string column_text(int index) const override;
  std::int64_t column_integer(int index) const override;
  std::string_view column_bytes(int index) const override;

 private:
  struct Parameter {
    std::string text;
    const char* bytes = nullptr;  // bindNoCopy: binary, not owned
    int size = 0;
    bool null = true;
  };
  Parameter& parameter(int index);
  PGresult* run();
  const char* value(int index) const;

  PGconn* connection_;
  const std::string name_;
  std::vector<Parameter> parameters_;
  PgResult result_;
  int row_ = -1;
  mutable std::string bytes_;  // the unescaped bytea column column_bytes() last read
};

}  // namespace amtsweg
