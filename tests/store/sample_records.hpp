// Records with every field set to a distinct non-default value, and field-by-field comparisons,
// so a round trip through the store that drops or swaps any field fails a test.
#pragma once

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "engine/model/records.hpp"

namespace amtsweg::testing {

inline StoredDefinition sample_definition(const std::string& process_id, int version) {
  StoredDefinition definition;
  definition.process_id = process_id;
  definition.version = version;
  definition.title = "Anmeldung einer Wohnung (" + process_id + ")";
  definition.source = "process: " + process_id + "\nversion: " + std::to_string(version) + "\n";
  definition.source_name = process_id + ".yaml";
  definition.sha256 = "sha-" + process_id + "-" + std::to_string(version);
  definition.deployed_at = 1'700'000'000'000 + version;
  definition.deployed_by = "admin@stadt.example";
  return definition;
}

inline CaseRecord sample_case(const std::string& id, const std::string& tenant = "stadt-a",
                              const std::string& process_id = "wohnsitz") {
  CaseRecord record;
  record.id = id;
  record.tenant = tenant;
  record.process_id = process_id;
  record.process_version = 3;
  record.status = CaseStatus::Suspended;
  record.state = "pruefung";
  record.regions = {{"dokumente", "angefordert"}, {"gebuehr", "offen"}};
  record.data =
      boost::json::parse(R"({"name":"Erika Mustermann","kinder":2,"adresse":{"plz":"10115"},"ok":true})").as_object();
  record.outcome = "bewilligt";
  record.related_key = "household-17";
  record.correlation = {{"aktenzeichen", "AZ-" + id}, {"antrag", "A-1"}};
  record.created_at = 1'700'000'001'000;
  record.updated_at = 1'700'000'002'000;
  record.revision = 5;
  record.history_length = 7;
  record.history_head = "head-" + id;
  return record;
}

inline TaskRecord sample_task(const std::string& id, const std::string& case_id,
                              const std::string& tenant = "stadt-a") {
  TaskRecord task;
  task.id = id;
  task.tenant = tenant;
  task.case_id = case_id;
  task.process_id = "wohnsitz";
  task.state_path = "pruefung/dokumente/angefordert";
  task.title = "Unterlagen prüfen";
  task.role = "sachbearbeitung";
  task.assignee = "m.mueller";
  task.status = TaskStatus::Claimed;
  task.four_eyes = true;
  task.stage = 2;
  task.prepared_by = "k.schmidt";
  task.prepared_data = boost::json::parse(R"({"empfehlung":"bewilligen"})");
  task.due_at = 1'700'000'500'000;
  task.time_zone = "UTC";
  task.created_at = 1'700'000'003'000;
  task.updated_at = 1'700'000'004'000;
  task.completed_by = "m.mueller";
  task.completed_at = 1'700'000'005'000;
  task.data = boost::json::parse(R"({"entscheidung":"ja","betrag":12.5})");
  task.form = boost::json::parse(R"({"type":"object","required":["entscheidung"]})");
  task.revision = 1;
  return task;
}

// An open task with only the fields the task queries look at.
inline TaskRecord open_task(const std::string& id, const std::string& case_id, const std::string& role,
                            std::optional<Timestamp> due_at, Timestamp created_at,
                            const std::string& tenant = "stadt-a") {
  TaskRecord task;
  task.id = id;
  task.tenant = tenant;
  task.case_id = case_id;
  task.process_id = "wohnsitz";
  task.state_path = "pruefung";
  task.title = "Prüfen";
  task.role = role;
  task.due_at = due_at;
  task.created_at = created_at;
  task.updated_at = created_at;
  task.revision = 1;
  return task;
}

inline HistoryEntry sample_history_entry(const std::string& case_id, std::int64_t seq) {
  HistoryEntry entry;
  entry.case_id = case_id;
  entry.seq = seq;
  entry.at = 1'700'000'010'000 + seq;
  entry.actor = "k.schmidt";
  entry.event_type = "task.completed";
  entry.event_id = "evt-" + std::to_string(seq);
  entry.from_state = "eingang";
  entry.to_state = "pruefung";
  entry.changes = boost::json::parse(R"({"/kinder":[1,2]})").as_object();
  entry.detail = boost::json::parse(R"({"task":"T-1","outcome":null})").as_object();
  entry.prev_hash = "prev-" + std::to_string(seq);
  entry.hash = "hash-" + std::to_string(seq);
  return entry;
}

inline void require_equal(const StoredDefinition& actual, const StoredDefinition& expected) {
  CHECK(actual.process_id == expected.process_id);
  CHECK(actual.version == expected.version);
  CHECK(actual.title == expected.title);
  CHECK(actual.source == expected.source);
  CHECK(actual.source_name == expected.source_name);
  CHECK(actual.sha256 == expected.sha256);
  CHECK(actual.deployed_at == expected.deployed_at);
  CHECK(actual.deployed_by == expected.deployed_by);
}

inline void require_equal(const CaseRecord& actual, const CaseRecord& expected) {
  CHECK(actual.id == expected.id);
  CHECK(actual.tenant == expected.tenant);
  CHECK(actual.process_id == expected.process_id);
  CHECK(actual.process_version == expected.process_version);
  CHECK(actual.status == expected.status);
  CHECK(actual.state == expected.state);
  CHECK(actual.regions == expected.regions);
  CHECK(boost::json::serialize(actual.data) == boost::json::serialize(expected.data));
  CHECK(actual.outcome == expected.outcome);
  CHECK(actual.related_key == expected.related_key);
  CHECK(actual.correlation == expected.correlation);
  CHECK(actual.created_at == expected.created_at);
  CHECK(actual.updated_at == expected.updated_at);
  CHECK(actual.revision == expected.revision);
  CHECK(actual.history_length == expected.history_length);
  CHECK(actual.history_head == expected.history_head);
}

inline void require_equal(const TaskRecord& actual, const TaskRecord& expected) {
  CHECK(actual.id == expected.id);
  CHECK(actual.tenant == expected.tenant);
  CHECK(actual.case_id == expected.case_id);
  CHECK(actual.process_id == expected.process_id);
  CHECK(actual.state_path == expected.state_path);
  CHECK(actual.title == expected.title);
  CHECK(actual.role == expected.role);
  CHECK(actual.assignee == expected.assignee);
  CHECK(actual.status == expected.status);
  CHECK(actual.four_eyes == expected.four_eyes);
  CHECK(actual.stage == expected.stage);
  CHECK(actual.prepared_by == expected.prepared_by);
  CHECK(boost::json::serialize(actual.prepared_data) == boost::json::serialize(expected.prepared_data));
  CHECK(actual.due_at == expected.due_at);
  CHECK(actual.time_zone == expected.time_zone);
  CHECK(actual.created_at == expected.created_at);
  CHECK(actual.updated_at == expected.updated_at);
  CHECK(actual.completed_by == expected.completed_by);
  CHECK(actual.completed_at == expected.completed_at);
  CHECK(boost::json::serialize(actual.data) == boost::json::serialize(expected.data));
  CHECK(boost::json::serialize(actual.form) == boost::json::serialize(expected.form));
  CHECK(actual.revision == expected.revision);
}

inline void require_equal(const HistoryEntry& actual, const HistoryEntry& expected) {
  CHECK(actual.case_id == expected.case_id);
  CHECK(actual.seq == expected.seq);
  CHECK(actual.at == expected.at);
  CHECK(actual.actor == expected.actor);
  CHECK(actual.event_type == expected.event_type);
  CHECK(actual.event_id == expected.event_id);
  CHECK(actual.from_state == expected.from_state);
  CHECK(actual.to_state == expected.to_state);
  CHECK(boost::json::serialize(actual.changes) == boost::json::serialize(expected.changes));
  CHECK(boost::json::serialize(actual.detail) == boost::json::serialize(expected.detail));
  CHECK(actual.prev_hash == expected.prev_hash);
  CHECK(actual.hash == expected.hash);
}

// Ids of records, in the order given, for comparing query results in one line.
template <class Records>
std::vector<std::string> ids_of(const Records& records) {
  std::vector<std::string> ids;
  for (const auto& record : records) ids.push_back(record.id);
  return ids;
}

}  // namespace amtsweg::testing
