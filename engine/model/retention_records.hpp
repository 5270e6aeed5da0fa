// What retention reads and writes: a closed case that may be due for deletion of its personal data,
// and the deletion protocol's entry, which itself holds no personal data.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "engine/clock.hpp"

namespace amtsweg {

// A completed or cancelled case whose personal data has not been deleted yet.
struct RetentionCandidate {
  std::string tenant;
  std::string case_id;
  std::string process_id;
  int process_version = 0;
  std::string outcome;
  Timestamp closed_at = 0;  // when it entered its final state (or was cancelled)
};

// One line of the deletion protocol: what was deleted from which case, when, under which rule.
struct DeletionRecord {
  std::int64_t id = 0;  // assigned by the store
  std::string tenant;
  std::string case_id;
  std::string process_id;
  int process_version = 0;
  std::string outcome;
  std::string rule;  // "issued: P1Y"
  Timestamp closed_at = 0;
  Timestamp due_at = 0;
  Timestamp deleted_at = 0;
  // Counts and field names, never values: {"data_fields": 3, "fields": ["applicant.name", ...],
  // "history_values": 5, "task_values": 1, "documents": 2, "notes": 1, "buffered_events": 0}
  boost::json::object deleted;
};

}  // namespace amtsweg
