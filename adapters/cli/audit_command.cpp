// `amtsweg audit`: the audit log of administrative actions, read on the host. With --tenant one
// tenant's entries (what its administrators see over REST), without it every tenant's.
#include <boost/json.hpp>
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "adapters/cli/engine_session.hpp"
#include "adapters/cli/pretty_json.hpp"
#include "engine/error.hpp"
#include "engine/model/audit_json.hpp"
#include "engine/model/json_text.hpp"

namespace amtsweg::cli {
namespace {

std::optional<Timestamp> time_option(const Arguments& args, const std::string& name) {
  const auto text = args.get(name);
  if (!text) return std::nullopt;
  const auto at = parse_timestamp(*text);
  if (!at)
    throw Error(ErrorKind::InvalidArgument, "--" + name + " must be an ISO-8601 time, e.g. 2026-03-02T08:00:00Z");
  return at;
}

// Every matching entry, page by page.
std::vector<AuditEntry> all_entries(Engine& engine, AuditQuery query) {
  std::vector<AuditEntry> entries;
  query.limit = 1000;
  for (;;) {
    auto page = engine.audit_log(query);
    if (page.empty()) return entries;
    query.after_seq = page.back().seq;
    entries.insert(entries.end(), page.begin(), page.end());
  }
}

}  // namespace

int audit_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "action", "from", "to", "json", "now"});
  auto session = EngineSession::open(args);
  AuditQuery query;
  query.tenant = args.get("tenant");
  query.action = args.value_or("action", "");
  query.from = time_option(args, "from");
  query.to = time_option(args, "to");
  const auto entries = all_entries(*session.engine, query);
  if (args.has("json")) {
    boost::json::array list;
    for (const auto& entry : entries) {
      auto view = to_json(entry);
      view["tenant"] = entry.tenant;
      list.push_back(std::move(view));
    }
    std::cout << pretty_json(list) << "\n";
    return 0;
  }
  for (const auto& e : entries)
    std::cout << e.seq << "  " << format_timestamp(e.at) << "  " << (e.tenant.empty() ? "(host)" : e.tenant) << "/"
              << e.actor << "  " << e.action << "  " << e.target << "  " << json_text(e.detail) << "\n";
  std::cout << entries.size() << (entries.size() == 1 ? " entry" : " entries") << "\n";
  return 0;
}

}  // namespace amtsweg::cli
