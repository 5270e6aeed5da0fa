// POST /api/v1/processes/{id}/migrations: an admin moves the tenant's running cases of a process
// from one version to another (or, with "dry_run", sees the plan and what would happen).
#include <boost/json.hpp>

#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/json_body.hpp"
#include "engine/error.hpp"
#include "engine/runtime/case_migration.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

Error bad_field(const std::string& field, const std::string& message) {
  return Error(ErrorKind::InvalidArgument, message, json::object{{"field", field}, {"parameter", field}});
}

int version_field(const JsonFields& fields, const std::string& name, bool required) {
  const json::value value = fields.value_or(name, nullptr);
  if (value.is_null()) {
    if (required) throw bad_field(name, name + ": a version number is required");
    return 0;
  }
  if (!value.is_int64() || value.as_int64() < 1 || value.as_int64() > 1000000)
    throw bad_field(name, name + ": must be a whole number of 1 or more, not " + json::serialize(value));
  return static_cast<int>(value.as_int64());
}

// Body {"from": 1, "to": 2, "map": {"old": "new"}, "dry_run": true, "batch": 100}; only
// "from" and "to" are required. 200 with the report even when cases were refused (they are named).
Response post_migration(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.principal_with_role(request, {"admin"});
  const json::object body = parse_json_object_body(request);
  const JsonFields fields(body, {"from", "to", "map", "dry_run", "batch"});
  MigrationRequest migration;
  migration.tenant = caller.tenant;
  migration.process_id = params.at("id");
  migration.from_version = version_field(fields, "from", true);
  migration.to_version = version_field(fields, "to", true);
  if (const auto map = fields.optional_object("map"))
    for (const auto& [key, value] : *map) {
      if (!value.is_string())
        throw bad_field("map." + std::string(key), "map." + std::string(key) + ": must be the name of a state");
      migration.map[std::string(key)] = std::string(value.as_string());
    }
  const json::value dry_run = fields.value_or("dry_run", false);
  if (!dry_run.is_bool()) throw bad_field("dry_run", "dry_run: must be true or false");
  migration.dry_run = dry_run.as_bool();
  if (body.contains("batch")) migration.batch_size = version_field(fields, "batch", true);
  migration.actor = caller.name;
  return json_response(200, to_json(context.engine.migrate_cases(migration)));
}

}  // namespace

void add_migration_routes(Router& router, const ApiContext& context) {
  router.add("POST", "/api/v1/processes/{id}/migrations", bind_handler(context, post_migration));
}

}  // namespace amtsweg::rest
