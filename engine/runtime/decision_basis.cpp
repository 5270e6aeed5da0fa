// Checking a decision's basis again on the writer (see decision_basis.hpp).
#include "engine/runtime/decision_basis.hpp"

#include "engine/error.hpp"

namespace amtsweg {

namespace {

Error stale(const std::string& what) {
  return Error(ErrorKind::Conflict, what + " changed while the command was decided");
}

}  // namespace

void DecisionBasis::case_at(const CaseRecord& record) { cases_.push_back({record.tenant, record.id, record.revision}); }

void DecisionBasis::incident(const std::string& case_id, bool open) { incidents_.push_back({case_id, open}); }

void DecisionBasis::related(const CaseRecord& record, const std::vector<CaseRecord>& seen) {
  RelatedSeen related{record.tenant, record.process_id, record.related_key, record.id, {}};
  for (const auto& c : seen) related.cases.push_back({c.tenant, c.id, c.revision});
  related_.push_back(std::move(related));
}

void DecisionBasis::event_unprocessed(const std::string& tenant, const std::string& event_id) {
  events_.push_back({tenant, "", event_id});
}

void DecisionBasis::start_key_unused(const std::string& tenant, const std::string& process_id, const std::string& key) {
  start_keys_.push_back({tenant, process_id, key});
}

void DecisionBasis::check(StoreReader& now) const {
  for (const auto& seen : events_)
    if (now.processed_event(seen.tenant, seen.key)) throw stale("the processing of event " + seen.key);
  for (const auto& seen : start_keys_)
    if (now.case_for_start_key(seen.tenant, seen.scope, seen.key)) throw stale("idempotency key " + seen.key);
  for (const auto& seen : cases_) {
    const auto current = now.find_case(seen.tenant, seen.case_id);
    if (!current || current->revision != seen.revision) throw stale("case " + seen.case_id);
  }
  for (const auto& seen : incidents_)
    if (now.open_incident(seen.case_id).has_value() != seen.open) throw stale("the incident of case " + seen.case_id);
  for (const auto& seen : related_) {
    const auto current = now.related_cases(seen.tenant, seen.process_id, seen.related_key, seen.exclude_case_id);
    bool same = current.size() == seen.cases.size();
    for (std::size_t i = 0; same && i < current.size(); ++i)
      same = current[i].id == seen.cases[i].case_id && current[i].revision == seen.cases[i].revision;
    if (!same) throw stale("the related cases of case " + seen.exclude_case_id);
  }
}

bool DecisionBasis::holds(StoreReader& now) const {
  try {
    check(now);
    return true;
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::Conflict) throw;
    return false;
  }
}

}  // namespace amtsweg
