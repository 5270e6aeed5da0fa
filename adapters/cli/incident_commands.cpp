// The commands for incidents and the event buffer: list a tenant's incidents, retry one after the
// cause is fixed, and list the events kept for cases that do not wait for them yet.
#include <boost/json.hpp>
#include <iostream>
#include <optional>
#include <string_view>

#include "adapters/cli/commands.hpp"
#include "adapters/cli/engine_session.hpp"
#include "adapters/cli/pretty_json.hpp"
#include "engine/error.hpp"
#include "engine/model/incident_json.hpp"

namespace amtsweg::cli {
namespace {

namespace json = boost::json;

template <class Status>
std::optional<Status> status_option(const Arguments& args, std::optional<Status> (*from)(std::string_view),
                                    const char* allowed) {
  const auto text = args.get("status");
  if (!text) return std::nullopt;
  const auto status = from(*text);
  if (!status) throw Error(ErrorKind::InvalidArgument, "--status must be " + std::string(allowed));
  return status;
}

}  // namespace

int incidents_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "status", "json", "now"});
  auto session = EngineSession::open(args);
  IncidentQuery query;
  query.tenant = args.required("tenant");
  query.status = status_option(args, incident_status_from, "open or resolved");
  query.limit = 10000;
  const auto incidents = session.engine->incidents(query);
  if (args.has("json")) {
    json::array list;
    for (const auto& incident : incidents) list.push_back(to_json(incident));
    std::cout << pretty_json(list) << "\n";
    return 0;
  }
  for (const auto& i : incidents)
    std::cout << i.id << "  " << to_string(i.status) << "  case " << i.case_id << "  " << i.command << "  ("
              << i.attempts << (i.attempts == 1 ? " attempt" : " attempts") << ", opened "
              << format_timestamp(i.opened_at) << ")\n    " << i.error << "\n";
  std::cout << incidents.size() << " incident" << (incidents.size() == 1 ? "" : "s") << "\n";
  return 0;
}

int retry_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "user", "now"});
  if (args.positional().size() != 1)
    throw Error(ErrorKind::InvalidArgument, "usage: amtsweg retry --db PATH --tenant T [--user ADMIN] INCIDENT_ID");
  auto session = EngineSession::open(args);
  const Incident incident =
      session.engine->retry_incident(args.required("tenant"), args.positional()[0], args.value_or("user", "admin"));
  std::cout << pretty_json(to_json(incident)) << "\n";
  return 0;
}

int buffered_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "status", "now"});
  auto session = EngineSession::open(args);
  BufferedEventQuery query;
  query.tenant = args.required("tenant");
  query.status = status_option(args, buffered_event_status_from, "buffered, delivered or expired");
  query.limit = 10000;
  json::array list;
  for (const auto& event : session.engine->buffered_events(query)) list.push_back(to_json(event));
  std::cout << pretty_json(list) << "\n";
  return 0;
}

}  // namespace amtsweg::cli
