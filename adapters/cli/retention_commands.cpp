// Commands about personal data and records: run retention (or list what it would delete and when),
// read the deletion protocol, and export a case: as JSON for reports (personal values hidden on
// request) or as an archive package (ZIP).
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <limits>

#include "adapters/cli/commands.hpp"
#include "adapters/cli/engine_session.hpp"
#include "adapters/cli/pretty_json.hpp"
#include "engine/archive/case_archive.hpp"
#include "engine/error.hpp"
#include "engine/model/record_json.hpp"
#include "engine/runtime/case_export.hpp"

namespace amtsweg::cli {

namespace json = boost::json;

namespace {

json::object to_json(const RetentionItem& item, Timestamp now) {
  json::array fields;
  for (const auto& field : item.fields) fields.push_back(json::value(field));
  return {{"tenant", item.candidate.tenant},
          {"case_id", item.candidate.case_id},
          {"process", item.candidate.process_id},
          {"version", item.candidate.process_version},
          {"outcome", item.candidate.outcome},
          {"rule", item.rule},
          {"closed_at", format_timestamp(item.candidate.closed_at)},
          {"due_at", format_timestamp(item.due_at)},
          {"due", item.due_at <= now},
          {"fields", std::move(fields)}};
}

void print_plan(const std::vector<RetentionItem>& plan, Timestamp now, bool as_json) {
  if (as_json) {
    json::array list;
    for (const auto& item : plan) list.push_back(to_json(item, now));
    std::cout << pretty_json(list) << "\n";
    return;
  }
  int due = 0;
  for (const auto& item : plan) {
    due += item.due_at <= now ? 1 : 0;
    std::cout << format_timestamp(item.due_at) << (item.due_at <= now ? "  due now  " : "  later    ")
              << item.candidate.tenant << "  " << item.candidate.case_id << "  " << item.candidate.process_id << " v"
              << item.candidate.process_version << "  rule " << item.rule << "  closed "
              << format_timestamp(item.candidate.closed_at) << "\n";
  }
  std::cout << plan.size() << " closed case" << (plan.size() == 1 ? "" : "s") << " under a retention rule, " << due
            << " due now; nothing was deleted (dry run)\n";
}

}  // namespace

int retention_command(const Arguments& args) {
  args.allow_only({"db", "dry-run", "limit", "json", "now"});
  auto session = EngineSession::open(args);
  const Timestamp now = session.clock->now();
  if (args.has("dry-run")) {
    print_plan(session.engine->retention_plan(), now, args.has("json"));
    return 0;
  }
  const RetentionReport report = session.engine->apply_retention(args.integer("limit", 1000, 1, 100000));
  for (const auto& deletion : report.deleted)
    std::cout << "deleted personal data of " << deletion.case_id << " (" << deletion.tenant << ", "
              << deletion.process_id << ") under rule " << deletion.rule << ": " << compact_json(deletion.deleted)
              << "\n";
  for (const auto& failure : report.failures) std::cout << "failed: " << failure << "\n";
  std::cout << report.deleted.size() << " case" << (report.deleted.size() == 1 ? "" : "s") << " deleted at "
            << format_timestamp(now) << ", " << report.failures.size() << " failed\n";
  return report.failures.empty() ? 0 : 1;
}

int deletions_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "after", "limit", "json", "now"});
  auto session = EngineSession::open(args);
  const auto after = args.integer("after", 0, 0, std::numeric_limits<int>::max());
  const auto lines = session.engine->deletions(args.required("tenant"), after, args.integer("limit", 100, 1, 1000));
  if (args.has("json")) {
    json::array list;
    for (const auto& line : lines) list.push_back(amtsweg::to_json(line));
    std::cout << pretty_json(list) << "\n";
    return 0;
  }
  for (const auto& line : lines)
    std::cout << line.id << "  " << format_timestamp(line.deleted_at) << "  " << line.case_id << "  " << line.process_id
              << " v" << line.process_version << "  outcome " << line.outcome << "  rule " << line.rule << "  due "
              << format_timestamp(line.due_at) << "  " << compact_json(line.deleted) << "\n";
  return 0;
}

int export_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "case", "redact", "output", "now"});
  if (args.has("redact") && args.has("output"))
    throw Error(ErrorKind::InvalidArgument,
                "--redact is for reports (JSON on stdout); the archive package (--output) is never redacted");
  auto session = EngineSession::open(args);
  const std::string tenant = args.required("tenant"), case_id = args.required("case");
  if (const auto output = args.get("output")) {
    const std::string zip = case_archive(*session.engine, tenant, case_id, session.clock->now());
    std::ofstream file(*output, std::ios::binary | std::ios::trunc);
    file.write(zip.data(), static_cast<std::streamsize>(zip.size()));
    file.close();
    if (!file) throw Error(ErrorKind::Io, "cannot write " + *output);
    std::cout << "wrote " << *output << ": archive package of " << case_id << ", " << zip.size() << " bytes\n";
    return 0;
  }
  std::cout << pretty_json(export_case(*session.engine, tenant, case_id, args.has("redact"), session.clock->now()))
            << "\n";
  return 0;
}

}  // namespace amtsweg::cli
