// A prepared SQLite statement behind the shared SqlStatement interface (a thin forwarding layer
// over SQLiteCpp's Statement, which binds and reads exactly as before).
#pragma once

#include <SQLiteCpp/Statement.h>

#include "engine/store/sql/sql_connection.hpp"

namespace amtsweg {

class SqliteStatement final : public SqlStatement {
 public:
  SqliteStatement(SQLite::Database& database, const std::string& sql) : statement_(database, sql) {}

  void bind(int index, const std::string& value) override { statement_.bind(index, value); }
  void bind(int index, std::int64_t value) override { statement_.bind(index, static_cast<int64_t>(value)); }
  using SqlStatement::bind;
  void bind(int index) override { statement_.bind(index); }
  void bindNoCopy(int index, const void* bytes, int size) override { statement_.bindNoCopy(index, bytes, size); }
  void clearBindings() override { statement_.clearBindings(); }

  int exec() override { return statement_.exec(); }
  bool executeStep() override { return statement_.executeStep(); }
  void tryReset() noexcept override { statement_.tryReset(); }

  bool column_is_null(int index) const override { return statement_.getColumn(index).isNull(); }
  std::string column_text(int index) const override { return statement_.getColumn(index).getString(); }
  std::int64_t column_integer(int index) const override { return statement_.getColumn(index).getInt64(); }
  std::string_view column_bytes(int index) const override {
    const SQLite::Column column = statement_.getColumn(index);
    return {static_cast<const char*>(column.getBlob()), static_cast<std::size_t>(column.getBytes())};
  }

 private:
  SQLite::Statement statement_;
};

}  // namespace amtsweg
