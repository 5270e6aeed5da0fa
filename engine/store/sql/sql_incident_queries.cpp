// The read queries behind incidents (what holds a case) and buffered events (what waits for a
// case), with their row decoding; the writes are in sql_incident_writes.cpp.
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "engine/error.hpp"
#include "engine/store/sql/sql_query_helpers.hpp"
#include "engine/store/sql/sql_read_queries.hpp"
#include "engine/store/sql/sql_rows.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

using namespace sql_queries;
using namespace sql_rows;

template <class Interface>
std::optional<Incident> SqlReadQueries<Interface>::open_incident(const std::string& case_id) {
  return with_store_errors("open_incident", case_id, [&] {
    static const std::string sql =
        select_from(kIncidentColumns, "FROM incidents WHERE case_id = ? AND status = 'open'");
    auto query = connection().statement(sql);
    query->bind(1, case_id);
    return first_row(query, read_incident);
  });
}

template <class Interface>
std::optional<Incident> SqlReadQueries<Interface>::find_incident(const std::string& tenant, const std::string& id) {
  return with_store_errors("find_incident", id, [&] {
    static const std::string sql = select_from(kIncidentColumns, "FROM incidents WHERE id = ? AND tenant = ?");
    auto query = connection().statement(sql);
    query->bind(1, id);
    query->bind(2, tenant);
    return first_row(query, read_incident);
  });
}

template <class Interface>
std::vector<Incident> SqlReadQueries<Interface>::incidents(const IncidentQuery& filter) {
  return with_store_errors("incidents", filter.tenant, [&] {
    FilteredQuery query(select_from(kIncidentColumns, "FROM incidents WHERE tenant = ?"));
    query.parameter(filter.tenant);
    if (filter.status) query.sql(" AND status = ?").parameter(std::string(to_string(*filter.status)));
    if (!filter.case_id.empty()) query.sql(" AND case_id = ?").parameter(filter.case_id);
    if (!filter.after_id.empty()) {
      auto cursor = connection().statement("SELECT rowid FROM incidents WHERE id = ? AND tenant = ?");
      cursor->bind(1, filter.after_id);
      cursor->bind(2, filter.tenant);
      const auto after = first_row(cursor, first_column_integer);
      if (!after)
        throw Error(ErrorKind::InvalidArgument,
                    store_message("incidents", filter.tenant, "cursor names no incident: " + filter.after_id));
      query.sql(" AND rowid > ?").parameter(*after);
    }
    query.sql(" ORDER BY rowid LIMIT ?").parameter(std::int64_t{filter.limit});
    auto rows = query.prepare(connection());
    return all_rows(rows, read_incident);
  });
}

template <class Interface>
std::optional<BufferedEvent> SqlReadQueries<Interface>::find_buffered_event(const std::string& tenant,
                                                                            const std::string& event_id) {
  return with_store_errors("find_buffered_event", event_id, [&] {
    static const std::string sql =
        select_from(kBufferedEventColumns, "FROM buffered_events WHERE tenant = ? AND event_id = ?");
    auto query = connection().statement(sql);
    query->bind(1, tenant);
    query->bind(2, event_id);
    return first_row(query, read_buffered_event);
  });
}

template <class Interface>
std::vector<BufferedEvent> SqlReadQueries<Interface>::buffered_events(const BufferedEventQuery& filter) {
  return with_store_errors("buffered_events", filter.tenant, [&] {
    FilteredQuery query(select_from(kBufferedEventColumns, "FROM buffered_events WHERE tenant = ? AND seq > ?"));
    query.parameter(filter.tenant).parameter(filter.after_seq);
    if (filter.status) query.sql(" AND status = ?").parameter(std::string(to_string(*filter.status)));
    if (!filter.type.empty()) query.sql(" AND type = ?").parameter(filter.type);
    query.sql(" ORDER BY seq LIMIT ?").parameter(std::int64_t{filter.limit});
    auto rows = query.prepare(connection());
    return all_rows(rows, read_buffered_event_listing);
  });
}

template <class Interface>
std::optional<Timestamp> SqlReadQueries<Interface>::next_buffer_expiry() {
  return with_store_errors("next_buffer_expiry", "", [&]() -> std::optional<Timestamp> {
    auto query = connection().statement("SELECT MIN(expires_at) FROM buffered_events WHERE status = 'buffered'");
    if (!query->executeStep() || query->getColumn(0).isNull()) return std::nullopt;
    return query->getColumn(0).getInt64();
  });
}

template <class Interface>
AttentionCounts SqlReadQueries<Interface>::attention_counts() {
  return with_store_errors("attention_counts", "", [&] {
    auto query = connection().statement(
        "SELECT (SELECT COUNT(*) FROM incidents WHERE status = 'open'), "
        "(SELECT COUNT(*) FROM buffered_events WHERE status = 'buffered')");
    query->executeStep();
    return AttentionCounts{query->getColumn(0).getInt64(), query->getColumn(1).getInt64()};
  });
}

template <class Interface>
std::vector<BufferedEvent> SqlReadQueries<Interface>::waiting_buffered_events(
    const std::string& tenant, const std::vector<std::string>& types, const std::map<std::string, std::string>& keys,
    Timestamp now, int limit) {
  if (types.empty() || keys.empty()) return {};
  return with_store_errors("waiting_buffered_events", tenant, [&] {
    boost::json::object pairs;
    for (const auto& [key, value] : keys) pairs[key] = value;
    // The index finds the events sharing a key and value with the case; the rest is a filter.
    FilteredQuery query(
        select_from(kBufferedEventColumns,
                    "FROM buffered_events WHERE seq IN (SELECT seq FROM buffered_event_keys WHERE tenant = ? AND "
                    "(key, value) IN (SELECT key, value FROM json_each(?))) AND status = 'buffered' AND"));
    query.parameter(tenant).parameter(boost::json::serialize(pairs));
    query.one_of("type", types);
    query.sql(" AND expires_at > ? ORDER BY seq LIMIT ?").parameter(std::int64_t{now}).parameter(std::int64_t{limit});
    auto rows = query.prepare(connection());
    return all_rows(rows, read_buffered_event_listing);
  });
}

// The rest of SqlReadQueries is instantiated in sql_read_queries.cpp; these members are
// defined here, so they are instantiated here, for the same two interfaces.
#define AMTSWEG_INSTANTIATE_INCIDENT_QUERIES(Interface)                                                              \
  template std::optional<Incident> SqlReadQueries<Interface>::open_incident(const std::string&);                     \
  template std::optional<Incident> SqlReadQueries<Interface>::find_incident(const std::string&, const std::string&); \
  template std::vector<Incident> SqlReadQueries<Interface>::incidents(const IncidentQuery&);                         \
  template std::optional<BufferedEvent> SqlReadQueries<Interface>::find_buffered_event(const std::string&,           \
                                                                                       const std::string&);          \
  template std::vector<BufferedEvent> SqlReadQueries<Interface>::buffered_events(const BufferedEventQuery&);         \
  template std::optional<Timestamp> SqlReadQueries<Interface>::next_buffer_expiry();                                 \
  template AttentionCounts SqlReadQueries<Interface>::attention_counts();                                            \
  template std::vector<BufferedEvent> SqlReadQueries<Interface>::waiting_buffered_events(                            \
      const std::string&, const std::vector<std::string>&, const std::map<std::string, std::string>&, Timestamp, int);

AMTSWEG_INSTANTIATE_INCIDENT_QUERIES(StoreReader)
AMTSWEG_INSTANTIATE_INCIDENT_QUERIES(StoreWriter)
#undef AMTSWEG_INSTANTIATE_INCIDENT_QUERIES

}  // namespace amtsweg
