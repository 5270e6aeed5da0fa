// Running a prepared statement with libpq and reading its text result.
#include "engine/store/postgres/pg_statement.hpp"

#include <charconv>
#include <stdexcept>

#include "engine/store/postgres/pg_failure.hpp"

namespace amtsweg {

PgResult checked_result(PGconn* connection, PGresult* result, ExecStatusType expected) {
  PgResult owned(result);
  if (owned == nullptr) throw PgFailure("", PQerrorMessage(connection));
  if (PQresultStatus(owned.get()) == expected) return owned;
  const char* state = PQresultErrorField(owned.get(), PG_DIAG_SQLSTATE);
  std::string message = PQresultErrorMessage(owned.get());
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  throw PgFailure(state != nullptr ? state : "", message);
}

PgStatement::PgStatement(PGconn* connection, std::string name, int parameters)
    : connection_(connection), name_(std::move(name)), parameters_(static_cast<std::size_t>(parameters)) {}

PgStatement::Parameter& PgStatement::parameter(int index) {
  if (index < 1 || index > static_cast<int>(parameters_.size()))
    throw std::out_of_range("store: parameter " + std::to_string(index) + " of " + name_ + " does not exist");
  return parameters_[static_cast<std::size_t>(index - 1)];
}

void PgStatement::bind(int index, const std::string& value) { parameter(index) = Parameter{value, nullptr, 0, false}; }

void PgStatement::bind(int index, std::int64_t value) { bind(index, std::to_string(value)); }

void PgStatement::bind(int index) { parameter(index) = Parameter{}; }

void PgStatement::bindNoCopy(int index, const void* bytes, int size) {
  parameter(index) = Parameter{{}, static_cast<const char*>(bytes), size, false};
}

void PgStatement::clearBindings() {
  for (auto& p : parameters_) p = Parameter{};
}

PGresult* PgStatement::run() {
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  for (const auto& p : parameters_) {
    values.push_back(p.null ? nullptr : p.bytes != nullptr ? p.bytes : p.text.c_str());
    lengths.push_back(p.bytes != nullptr ? p.size : 0);
    formats.push_back(p.bytes != nullptr ? 1 : 0);
  }
  return PQexecPrepared(connection_, name_.c_str(), static_cast<int>(values.size()), values.data(), lengths.data(),
                        formats.data(), 0);
}

int PgStatement::exec() {
  PgResult result = checked_result(connection_, run(), PGRES_COMMAND_OK);
  const char* changed = PQcmdTuples(result.get());
  return changed[0] == '\0' ? 0 : std::atoi(changed);
}

bool PgStatement::executeStep() {
  if (result_ == nullptr) {
    result_ = checked_result(connection_, run(), PGRES_TUPLES_OK);
    row_ = -1;
  }
  ++row_;
  return row_ < PQntuples(result_.get());
}

void PgStatement::tryReset() noexcept {
  result_.reset();
  row_ = -1;
}

const char* PgStatement::value(int index) const {
  if (result_ == nullptr || row_ < 0 || row_ >= PQntuples(result_.get()) || index < 0 ||
      index >= PQnfields(result_.get()))
    throw std::out_of_range("store: column " + std::to_string(index) + " of " + name_ + " is not in the current row");
  return PQgetvalue(result_.get(), row_, index);
}

bool PgStatement::column_is_null(int index) const {
  value(index);  // checks the index
  return PQgetisnull(result_.get(), row_, index) != 0;
}

// Like SQLite's: NULL reads as "" and 0.
std::string PgStatement::column_text(int index) const {
  const char* text = value(index);
  return std::string(text, static_cast<std::size_t>(PQgetlength(result_.get(), row_, index)));
}

std::int64_t PgStatement::column_integer(int index) const {
  const char* text = value(index);
  if (PQgetisnull(result_.get(), row_, index) != 0) return 0;
  const char* end = text + PQgetlength(result_.get(), row_, index);
  std::int64_t number = 0;
  const auto [stop, error] = std::from_chars(text, end, number);
  if (error != std::errc() || stop != end)
    throw PgFailure("22P02", "column " + std::to_string(index) + " is not an integer: '" + std::string(text) + "'");
  return number;
}

std::string_view PgStatement::column_bytes(int index) const {
  const char* text = value(index);
  std::size_t size = 0;
  unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
  if (bytes == nullptr) throw PgFailure("", "column " + std::to_string(index) + " is not bytea");
  bytes_.assign(reinterpret_cast<const char*>(bytes), size);
  PQfreemem(bytes);
  return bytes_;
}

}  // namespace amtsweg
