// Instance migration on the facade: lists the running cases of a process version a batch at a
// time and moves each in its own command (decided on a snapshot, then written with its audit entry).
#include <memory>

#include "engine/runtime/case_migration.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/runtime/engine_impl.hpp"

namespace amtsweg {

namespace {

void check_request(const MigrationRequest& request) {
  auto invalid = [](const std::string& field, const std::string& message) {
    return Error(ErrorKind::InvalidArgument, message, json::object{{"field", field}, {"parameter", field}});
  };
  if (request.process_id.empty()) throw invalid("process", "the process id is empty");
  if (request.from_version < 1) throw invalid("from", "from: the version to move from must be 1 or more");
  if (request.to_version < 1) throw invalid("to", "to: the version to move to must be 1 or more");
  if (request.from_version == request.to_version)
    throw invalid("to", "to: cases of version " + std::to_string(request.from_version) + " already run it");
  if (request.batch_size < 1 || request.batch_size > 1000)
    throw invalid("batch", "batch: cases per batch must be between 1 and 1000");
}

}  // namespace

CaseMigration Engine::Impl::migrate_case(const MigrationRequest& request, const MigrationPlan& plan,
                                         const ProcessDefinition& to, const std::string& case_id) {
  CaseMigration failed{case_id, "failed", "", "", {}, {}, ""};
  try {
    return commands.run(
        [&](StoreReader& r, ScriptEngine& scripts, DecisionBasis& basis) {
          CaseRecord record = load_case(r, request.tenant, case_id);
          CaseMigration result{case_id, "refused", record.state, "", {}, {}, ""};
          auto refuse = [&](std::string reason) {
            result.reason = std::move(reason);
            return Decision<CaseMigration>::answered(result);
          };
          // Listed a moment ago; another command may have closed or moved it since.
          if (record.process_id != request.process_id || record.process_version != request.from_version)
            return refuse("it runs version " + std::to_string(record.process_version) + " now");
          if (engine_detail::closed(record)) return refuse("it is " + std::string(to_string(record.status)));
          if (auto incident = r.open_incident(case_id))
            return refuse("incident " + incident->id + " holds it: retry or resolve the incident first");
          basis.incident(case_id, false);
          const MoveOrRefusal decided = decide_move(plan, to, request.to_version, record);
          if (!decided.move) return refuse(decided.refusal);
          CaseRun run = make_run(r, scripts, to, record, request.actor, "", &basis);
          result.effect = run.migrate(*decided.move);
          run.refresh_keys();
          result.to_state = record.state;
          result.regions = record.regions;
          if (request.dry_run) {
            result.result = "would_migrate";
            return Decision<CaseMigration>::answered(result);
          }
          result.result = "migrated";
          AuditEntry audit{0,
                           request.tenant,
                           0,
                           request.actor,
                           audit_action::kCaseMigrated,
                           case_id,
                           {{"process_id", request.process_id},
                            {"from_version", request.from_version},
                            {"to_version", request.to_version},
                            {"from_state", result.from_state},
                            {"to_state", result.to_state}}};
          return Decision<CaseMigration>::writing(
              [this, record, changes = std::move(run.changes()), result, audit](StoreWriter& w) mutable {
                apply_case_changes(w, record, changes);
                audit.at = clock.now();
                w.insert_audit_entry(audit);
                // The new state may wait for an event that arrived earlier, as on any arrival.
                if (record.status == CaseStatus::Active) deliver_buffered(w, record);
                return result;
              });
        },
        record_failure(request.tenant, std::make_shared<std::string>(case_id), "migrate " + case_id));
  } catch (const std::exception& e) {
    // One case's failure (a script of the new version, a store error) does not stop the others.
    failed.reason = e.what();
    return failed;
  }
}

MigrationReport Engine::migrate_cases(const MigrationRequest& request) {
  check_request(request);
  const auto from = process_for(request.tenant, request.process_id, request.from_version);
  const auto to = process_for(request.tenant, request.process_id, request.to_version);
  MigrationReport report{request, plan_migration(*from, *to, request), {}};
  for (const CaseStatus status : {CaseStatus::Active, CaseStatus::Suspended}) {
    CaseQuery query{request.tenant, request.process_id, "", status, "", request.batch_size};
    for (;;) {
      const auto batch = cases(query);
      for (const auto& record : batch)
        if (record.process_version == request.from_version)
          report.cases.push_back(impl_->migrate_case(request, report.plan, *to, record.id));
      if (static_cast<int>(batch.size()) < request.batch_size) break;
      query.after_id = batch.back().id;
    }
  }
  return report;
}

}  // namespace amtsweg
