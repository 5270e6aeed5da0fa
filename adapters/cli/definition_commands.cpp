// Commands about definitions: validate files, deploy them, list them, set a tenant's params.
#include <boost/json.hpp>
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "adapters/cli/engine_session.hpp"
#include "adapters/cli/pretty_json.hpp"
#include "engine/dsl/loader.hpp"
#include "engine/error.hpp"
#include "engine/model/record_json.hpp"

namespace amtsweg::cli {

namespace json = boost::json;

int validate_command(const Arguments& args) {
  args.allow_only({});
  if (args.positional().empty()) throw Error(ErrorKind::InvalidArgument, "usage: amtsweg validate FILE...");
  int invalid = 0;
  for (const auto& path : args.positional()) {
    const LoadResult result = load_definition_file(path);
    for (const auto& d : result.diagnostics) std::cout << d.format() << "\n";
    if (result.ok())
      std::cout << path << ": ok (" << result.definition->id << ", " << result.definition->states.size()
                << " states)\n";
    else
      ++invalid;
  }
  return invalid == 0 ? 0 : 1;
}

int deploy_command(const Arguments& args) {
  args.allow_only({"db", "actor", "tenant", "now"});
  if (args.positional().empty()) throw Error(ErrorKind::InvalidArgument, "usage: amtsweg deploy --db PATH FILE...");
  auto session = EngineSession::open(args);
  for (const auto& path : args.positional()) {
    const std::string yaml = read_text_argument("@" + path);
    const DeployResult result =
        session.engine->deploy(yaml, path, args.value_or("actor", "cli"), args.value_or("tenant", ""));
    std::cout << path << ": " << result.process_id << " version " << result.version
              << (result.created ? " deployed" : " unchanged (already deployed)") << "\n";
  }
  return 0;
}

int processes_command(const Arguments& args) {
  args.allow_only({"db", "json", "now"});
  auto session = EngineSession::open(args);
  json::array list;
  for (const auto& d : session.engine->definitions()) list.push_back(to_json(d));
  if (args.has("json")) {
    std::cout << pretty_json(list) << "\n";
    return 0;
  }
  for (const auto& d : session.engine->definitions())
    std::cout << d.process_id << "  v" << d.version << "  " << d.title << "  (" << d.source_name << ", "
              << format_timestamp(d.deployed_at) << ")\n";
  return 0;
}

int params_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "process", "now"});
  if (args.positional().size() != 1)
    throw Error(ErrorKind::InvalidArgument, "usage: amtsweg params --db PATH --tenant T --process P '{\"fee\": 15}'");
  auto session = EngineSession::open(args);
  const json::value params = parse_json_argument(args.positional()[0], "params");
  if (!params.is_object()) throw Error(ErrorKind::InvalidArgument, "params must be a JSON object");
  session.engine->set_tenant_params(args.required("tenant"), args.required("process"), params.as_object());
  std::cout << "params of " << args.required("process") << " for tenant " << args.required("tenant") << " set\n";
  return 0;
}

}  // namespace amtsweg::cli
