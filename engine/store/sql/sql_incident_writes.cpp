// The writes behind incidents and buffered events, on the writer's connection like every other
// write; the reads are in sql_incident_queries.cpp.
#include <boost/json/serialize.hpp>

#include "engine/model/json_checks.hpp"
#include "engine/store/sql/sql_rows.hpp"
#include "engine/store/sql/sql_writer.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

using sql_rows::bind_optional;

void SqlWriter::insert_incident(const Incident& incident) {
  with_store_errors("insert_incident", incident.case_id, [&] {
    auto insert = connection().statement(
        "INSERT INTO incidents (id, tenant, case_id, status, source, timer_id, event_id, command, error, event, "
        "attempts, opened_at, updated_at, resolved_at, resolved_by, resolution) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, incident.id);
    insert->bind(2, incident.tenant);
    insert->bind(3, incident.case_id);
    insert->bind(4, std::string(to_string(incident.status)));
    insert->bind(5, std::string(to_string(incident.source)));
    insert->bind(6, incident.timer_id);
    insert->bind(7, incident.event_id);
    insert->bind(8, incident.command);
    insert->bind(9, incident.error);
    insert->bind(10, finite_json_text(incident.event, "incidents.event"));
    insert->bind(11, incident.attempts);
    insert->bind(12, std::int64_t{incident.opened_at});
    insert->bind(13, std::int64_t{incident.updated_at});
    bind_optional(*insert, 14, incident.resolved_at);
    insert->bind(15, incident.resolved_by);
    insert->bind(16, incident.resolution);
    insert->exec();
  });
}

void SqlWriter::update_incident(const Incident& incident) {
  with_store_errors("update_incident", incident.id, [&] {
    auto update = connection().statement(
        "UPDATE incidents SET status = ?, error = ?, attempts = ?, updated_at = ?, resolved_at = ?, "
        "resolved_by = ?, resolution = ? WHERE id = ?");
    update->bind(1, std::string(to_string(incident.status)));
    update->bind(2, incident.error);
    update->bind(3, incident.attempts);
    update->bind(4, std::int64_t{incident.updated_at});
    bind_optional(*update, 5, incident.resolved_at);
    update->bind(6, incident.resolved_by);
    update->bind(7, incident.resolution);
    update->bind(8, incident.id);
    if (update->exec() == 0)
      throw Error(ErrorKind::NotFound, store_message("update_incident", incident.id, "no such incident"));
  });
}

void SqlWriter::insert_buffered_event(const BufferedEvent& event) {
  with_store_errors("insert_buffered_event", event.event_id, [&] {
    std::int64_t seq = 0;
    {
      auto insert = connection().statement(
          "INSERT INTO buffered_events (tenant, event_id, type, correlation, payload, actor, received_at, expires_at, "
          "status, case_id, settled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq");
      insert->bind(1, event.tenant);
      insert->bind(2, event.event_id);
      insert->bind(3, event.type);
      insert->bind(4, finite_json_text(event.correlation, "buffered_events.correlation"));
      insert->bind(5, finite_json_text(event.payload, "buffered_events.payload"));
      insert->bind(6, event.actor);
      insert->bind(7, std::int64_t{event.received_at});
      insert->bind(8, std::int64_t{event.expires_at});
      insert->bind(9, std::string(to_string(event.status)));
      insert->bind(10, event.case_id);
      bind_optional(*insert, 11, event.settled_at);
      insert->executeStep();
      seq = insert->getColumn(0).getInt64();
    }
    // The correlation by key, for waiting_buffered_events().
    auto key = connection().statement("INSERT INTO buffered_event_keys (seq, tenant, key, value) VALUES (?, ?, ?, ?)");
    for (const auto& [name, value] : event.correlation) {
      key->bind(1, seq);
      key->bind(2, event.tenant);
      key->bind(3, std::string(name));
      key->bind(4, correlation_text(value));
      key->exec();
      key->reset();
    }
  });
}

void SqlWriter::settle_buffered_event(const std::string& tenant, const std::string& event_id,
                                      BufferedEventStatus status, const std::string& case_id, Timestamp at) {
  with_store_errors("settle_buffered_event", event_id, [&] {
    auto update = connection().statement(
        "UPDATE buffered_events SET status = ?, case_id = ?, settled_at = ? WHERE tenant = ? AND event_id = ?");
    update->bind(1, std::string(to_string(status)));
    update->bind(2, case_id);
    update->bind(3, std::int64_t{at});
    update->bind(4, tenant);
    update->bind(5, event_id);
    if (update->exec() == 0)
      throw Error(ErrorKind::NotFound, store_message("settle_buffered_event", event_id, "no such buffered event"));
  });
}

int SqlWriter::expire_buffered_events(Timestamp now, int limit) {
  return with_store_errors("expire_buffered_events", "", [&] {
    auto update = connection().statement(
        "UPDATE buffered_events SET status = 'expired', settled_at = ? WHERE seq IN (SELECT seq FROM buffered_events "
        "WHERE status = 'buffered' AND expires_at <= ? ORDER BY expires_at LIMIT ?)");
    update->bind(1, std::int64_t{now});
    update->bind(2, std::int64_t{now});
    update->bind(3, limit);
    return update->exec();
  });
}

}  // namespace amtsweg
