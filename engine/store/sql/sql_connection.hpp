// The small SQL interface the shared store queries run on: a prepared statement with positional
// parameters and text/integer/blob columns, and a connection that caches statements by SQL text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace amtsweg {

class SqlStatement;

// One column of the current row of a statement (the names follow SQLiteCpp, which the store's
// query code was first written against).
class SqlColumn {
 public:
  SqlColumn(const SqlStatement& statement, int index) : statement_(&statement), index_(index) {}
  bool isNull() const;
  std::string getString() const;
  std::int64_t getInt64() const;
  int getInt() const { return static_cast<int>(getInt64()); }
  // The bytes of a BLOB (bytea) column, valid until the statement moves on.
  std::string_view getBytesView() const;

 private:
  const SqlStatement* statement_;
  int index_;
};

// A prepared statement. Parameters are numbered from 1, columns from 0; the SQL uses `?`
// placeholders (a backend with another syntax translates them). Methods throw the backend's own
// exception; with_store_errors (store_errors.hpp) turns it into amtsweg::Error.
class SqlStatement {
 public:
  virtual ~SqlStatement() = default;

  virtual void bind(int index, const std::string& value) = 0;
  virtual void bind(int index, std::int64_t value) = 0;
  void bind(int index, int value) { bind(index, std::int64_t{value}); }
  virtual void bind(int index) = 0;  // NULL
  // Bytes the statement reads where they are until the statement runs or its bindings clear.
  virtual void bindNoCopy(int index, const void* bytes, int size) = 0;
  virtual void clearBindings() = 0;

  // Runs a statement that returns no rows; returns how many rows it changed.
  virtual int exec() = 0;
  // Moves to the next row (running the statement first); false when there is none.
  virtual bool executeStep() = 0;
  // Ends the current run so that the statement can run again; never throws.
  virtual void tryReset() noexcept = 0;
  void reset() { tryReset(); }

  SqlColumn getColumn(int index) const { return SqlColumn(*this, index); }

  // What SqlColumn reads.
  virtual bool column_is_null(int index) const = 0;
  virtual std::string column_text(int index) const = 0;
  virtual std::int64_t column_integer(int index) const = 0;
  virtual std::string_view column_bytes(int index) const = 0;
};

inline bool SqlColumn::isNull() const { return statement_->column_is_null(index_); }
inline std::string SqlColumn::getString() const { return statement_->column_text(index_); }
inline std::int64_t SqlColumn::getInt64() const { return statement_->column_integer(index_); }
inline std::string_view SqlColumn::getBytesView() const { return statement_->column_bytes(index_); }

// A connection of either backend, used by one thread at a time.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;

  // A cached statement in use. Resetting it when the lease ends matters beyond tidiness: a
  // statement left mid-step keeps its read snapshot open (SQLite), so a reader would never see
  // newer commits and the writer's checkpoints would stall.
  class Lease {
   public:
    Lease(SqlStatement& statement, bool& in_use) : statement_(&statement), in_use_(&in_use) { in_use = true; }
    Lease(Lease&& other) noexcept
        : statement_(std::exchange(other.statement_, nullptr)), in_use_(std::exchange(other.in_use_, nullptr)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (statement_ == nullptr) return;  // moved from
      statement_->tryReset();
      *in_use_ = false;
    }
    SqlStatement* operator->() const { return statement_; }
    SqlStatement& operator*() const { return *statement_; }

   private:
    SqlStatement* statement_;
    bool* in_use_;
  };

  // The prepared statement for `sql`, compiled on first use, with no bindings.
  // A lease of the same SQL text must end before the next begins (throws std::logic_error
  // otherwise): rebinding a statement that is still stepping would corrupt the outer query.
  virtual Lease statement(const std::string& sql) = 0;

  // What the connection is to (a file path, or a PostgreSQL URL without its password): for messages.
  virtual const std::string& path() const = 0;
};

}  // namespace amtsweg
