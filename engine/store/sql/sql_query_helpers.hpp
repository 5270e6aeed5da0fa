// Small tools every SQL store query file shares: composing a SELECT, decoding all or the first row
// of a leased statement, and a filtered query whose SQL text and parameters are built together.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/store/sql/sql_connection.hpp"

namespace amtsweg::sql_queries {

inline std::string select_from(const char* columns, std::string_view rest) {
  std::string sql = "SELECT ";
  sql += columns;
  sql += ' ';
  sql += rest;
  return sql;
}

template <class Decode>
auto all_rows(SqlConnection::Lease& query, Decode decode) {
  std::vector<decltype(decode(*query))> rows;
  while (query->executeStep()) rows.push_back(decode(*query));
  return rows;
}

template <class Decode>
auto first_row(SqlConnection::Lease& query, Decode decode) -> std::optional<decltype(decode(*query))> {
  if (!query->executeStep()) return std::nullopt;
  return decode(*query);
}

inline std::string first_column_text(const SqlStatement& row) { return row.getColumn(0).getString(); }
inline std::int64_t first_column_integer(const SqlStatement& row) { return row.getColumn(0).getInt64(); }

// A filtered query under construction: SQL text and its positional parameters, kept in step.
class FilteredQuery {
 public:
  explicit FilteredQuery(std::string sql) : sql_(std::move(sql)) {}

  FilteredQuery& sql(std::string_view text) {
    sql_ += text;
    return *this;
  }
  FilteredQuery& parameter(std::string value) {
    parameters_.emplace_back(std::move(value));
    return *this;
  }
  FilteredQuery& parameter(std::int64_t value) {
    parameters_.emplace_back(value);
    return *this;
  }

  // `column` equal to one of `values`; a list is passed as one JSON array parameter so that the
  // SQL text (the statement cache key) does not depend on how many values there are.
  FilteredQuery& one_of(std::string_view column, const std::vector<std::string>& values) {
    if (values.size() == 1) return sql(" ").sql(column).sql(" = ?").parameter(values.front());
    boost::json::array list(values.begin(), values.end());
    return sql(" ").sql(column).sql(" IN (SELECT value FROM json_each(?))").parameter(boost::json::serialize(list));
  }

  // The statement with its parameters bound; `prefix` goes before the SQL (tests prepend
  // "EXPLAIN QUERY PLAN " to see how SQLite runs it).
  SqlConnection::Lease prepare(SqlConnection& connection, std::string_view prefix = {}) const {
    auto query = connection.statement(std::string(prefix) + sql_);
    int index = 1;
    for (const auto& parameter : parameters_) {
      std::visit([&](const auto& value) { query->bind(index, value); }, parameter);
      ++index;
    }
    return query;
  }

 private:
  std::string sql_;
  std::vector<std::variant<std::int64_t, std::string>> parameters_;
};

}  // namespace amtsweg::sql_queries
