// What a command's decision relied on when it was made on a snapshot: before the decided changes
// are written, the writer checks every item again; any difference makes the decision stale.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/records.hpp"
#include "engine/store/store.hpp"

namespace amtsweg {

// The case a command writes is checked by its own revision (StoreWriter::update_case, put_task)
// and need not be listed; list what else the decision read and would decide differently on.
class DecisionBasis {
 public:
  // The case was at this revision (a case the command reads but may not write).
  void case_at(const CaseRecord& record);
  // The case was (open) or was not held by an open incident; incidents do not bump revisions.
  void incident(const std::string& case_id, bool open);
  // The guards of `record` saw these related cases (same tenant, process and related key).
  void related(const CaseRecord& record, const std::vector<CaseRecord>& seen);
  // No command had processed this event id yet.
  void event_unprocessed(const std::string& tenant, const std::string& event_id);
  // No case had been started under this idempotency key yet.
  void start_key_unused(const std::string& tenant, const std::string& process_id, const std::string& key);

  // Throws Error{Conflict} naming the first item that is no longer true in `now` (the writer's
  // view, including the earlier commands of its group).
  void check(StoreReader& now) const;
  // Whether check() would pass: false when an item is no longer true. Other store errors throw.
  bool holds(StoreReader& now) const;

 private:
  struct CaseSeen {
    std::string tenant;
    std::string case_id;
    std::int64_t revision = 0;
  };
  struct IncidentSeen {
    std::string case_id;
    bool open = false;
  };
  struct RelatedSeen {
    std::string tenant, process_id, related_key, exclude_case_id;
    std::vector<CaseSeen> cases;
  };
  struct KeySeen {
    std::string tenant, scope, key;  // scope: the process id of a start key; empty for an event id
  };

  std::vector<CaseSeen> cases_;
  std::vector<IncidentSeen> incidents_;
  std::vector<RelatedSeen> related_;
  std::vector<KeySeen> events_;
  std::vector<KeySeen> start_keys_;
};

}  // namespace amtsweg
