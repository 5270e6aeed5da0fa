// The audit log in SQLite: appending an entry (on the writer's connection, inside the action's
// transaction) and the filtered, paged reading of a tenant's entries.
#include <boost/json/serialize.hpp>

#include "engine/store/sql/sql_query_helpers.hpp"
#include "engine/store/sql/sql_read_queries.hpp"
#include "engine/store/sql/sql_rows.hpp"
#include "engine/store/sql/sql_writer.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

using namespace sql_queries;
using namespace sql_rows;

std::int64_t SqlWriter::insert_audit_entry(const AuditEntry& entry) {
  return with_store_errors("insert_audit_entry", entry.tenant + " " + entry.action, [&] {
    auto insert = connection().statement(
        "INSERT INTO audit_log (tenant, at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?) "
        "RETURNING seq");
    insert->bind(1, entry.tenant);
    insert->bind(2, std::int64_t{entry.at});
    insert->bind(3, entry.actor);
    insert->bind(4, entry.action);
    insert->bind(5, entry.target);
    insert->bind(6, boost::json::serialize(entry.detail));
    insert->executeStep();
    return insert->getColumn(0).getInt64();
  });
}

template <class Interface>
std::vector<AuditEntry> SqlReadQueries<Interface>::audit_entries(const AuditQuery& filter) {
  return with_store_errors("audit_entries", filter.tenant.value_or("*"), [&] {
    FilteredQuery query(select_from(kAuditColumns, "FROM audit_log WHERE seq > ?"));
    query.parameter(filter.after_seq);
    if (filter.tenant) query.sql(" AND tenant = ?").parameter(*filter.tenant);
    if (filter.from) query.sql(" AND at >= ?").parameter(std::int64_t{*filter.from});
    if (filter.to) query.sql(" AND at < ?").parameter(std::int64_t{*filter.to});
    if (!filter.action.empty()) query.sql(" AND action = ?").parameter(filter.action);
    query.sql(" ORDER BY seq LIMIT ?").parameter(std::int64_t{filter.limit});
    auto rows = query.prepare(connection());
    return all_rows(rows, read_audit_entry);
  });
}

template std::vector<AuditEntry> SqlReadQueries<StoreReader>::audit_entries(const AuditQuery&);
template std::vector<AuditEntry> SqlReadQueries<StoreWriter>::audit_entries(const AuditQuery&);

}  // namespace amtsweg
