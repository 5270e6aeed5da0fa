// Connecting with libpq, preparing the shared SQL in PostgreSQL's dialect, running plain SQL.
#include "engine/store/postgres/pg_connection.hpp"

#include <stdexcept>
#include <string_view>

#include "engine/store/postgres/pg_failure.hpp"

namespace amtsweg {

namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

std::pair<std::string, int> translate_sql(const std::string& sql) {
  std::string text = sql;
  replace_all(text, "SELECT value FROM json_each(?)", "SELECT value FROM json_array_elements_text(?::json)");
  replace_all(text, "SELECT key, value FROM json_each(?)", "SELECT key, value FROM json_each_text(?::json)");
  replace_all(text, " LIKE ", " ILIKE ");
  // Retention's closing entry (sql_retention.cpp): a member of a JSON text column.
  replace_all(text, "json_extract(h.detail, '$.outcome')", "(h.detail::json ->> 'outcome')");
  std::string out;
  out.reserve(text.size() + 16);
  int parameters = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '\'') quoted = !quoted;  // '' inside a literal toggles twice: still right
    if (c == '?' && !quoted) {
      out += '$';
      out += std::to_string(++parameters);
    } else {
      out += c;
    }
  }
  return {out, parameters};
}

std::string url_for_messages(const std::string& url) {
  // postgresql://user:password@host/...: drop ":password".
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

PgConnection::PgConnection(const std::string& url)
    : connection_(PQconnectdb(url.c_str())), display_(url_for_messages(url)) {
  if (connection_ == nullptr) throw PgFailure("", "out of memory connecting to " + display_);
  if (PQstatus(connection_.get()) != CONNECTION_OK) {
    std::string message = PQerrorMessage(connection_.get());
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw PgFailure("08001", "cannot connect to " + display_ + ": " + message);
  }
  // Notices (e.g. "there is no transaction in progress") are for people, not for the log of a server.
  PQsetNoticeProcessor(
      connection_.get(), [](void*, const char*) {}, nullptr);
}

SqlConnection::Lease PgConnection::statement(const std::string& sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    const auto [text, parameters] = translate_sql(sql);
    const std::string name = "s" + std::to_string(statements_.size() + 1);
    checked_result(connection_.get(), PQprepare(connection_.get(), name.c_str(), text.c_str(), parameters, nullptr),
                   PGRES_COMMAND_OK);
    auto prepared = std::make_unique<PgStatement>(connection_.get(), name, parameters);
    found = statements_.emplace(sql, CachedStatement{std::move(prepared)}).first;
  } else {
    if (found->second.in_use) throw std::logic_error("store: statement used while still in use: " + sql);
    found->second.statement->clearBindings();
  }
  return Lease(*found->second.statement, found->second.in_use);
}

void PgConnection::execute(const std::string& sql) {
  checked_result(connection_.get(), PQexec(connection_.get(), sql.c_str()), PGRES_COMMAND_OK);
}

bool PgConnection::in_transaction() const {
  const auto status = PQtransactionStatus(connection_.get());
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

bool PgConnection::transaction_failed() const { return PQtransactionStatus(connection_.get()) == PQTRANS_INERROR; }

bool PgConnection::healthy() const { return PQstatus(connection_.get()) == CONNECTION_OK; }

}  // namespace amtsweg
