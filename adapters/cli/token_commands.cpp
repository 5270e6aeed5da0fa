// `amtsweg token create|revoke|list`: bearer tokens of API principals. A token is printed once,
// when it is created; the database keeps only its SHA-256.
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "adapters/cli/engine_session.hpp"
#include "adapters/cli/pretty_json.hpp"
#include "engine/error.hpp"
#include "engine/model/record_json.hpp"

namespace amtsweg::cli {

int token_command(const Arguments& args) {
  const auto& words = args.positional();
  const std::string action = words.empty() ? "" : words[0];
  if (action == "create") {
    args.allow_only({"db", "tenant", "name", "roles", "now"});
    auto session = EngineSession::open(args);
    const IssuedToken issued =
        session.engine->issue_token(args.required("tenant"), args.required("name"), args.list("roles"));
    std::cout << issued.token << "\n";
    std::cerr << "token for " << issued.record.name << " of tenant " << issued.record.tenant
              << " created; it is shown only now, the database keeps its SHA-256\n";
    return 0;
  }
  if (action == "revoke") {
    args.allow_only({"db", "tenant", "name", "now"});
    auto session = EngineSession::open(args);
    session.engine->revoke_token(args.required("tenant"), args.required("name"));
    std::cout << "token " << args.required("name") << " of tenant " << args.required("tenant") << " revoked\n";
    return 0;
  }
  if (action == "list") {
    args.allow_only({"db", "tenant", "now"});
    auto session = EngineSession::open(args);
    for (const auto& token : session.engine->tokens(args.required("tenant")))
      std::cout << compact_json(to_json(token)) << "\n";
    return 0;
  }
  throw Error(
      ErrorKind::InvalidArgument,
      "usage: amtsweg token create --db DB --tenant T --name N --roles admin|integrator|operator|clerk:GROUP[,...]\n"
      "       amtsweg token revoke --db DB --tenant T --name N\n"
      "       amtsweg token list --db DB --tenant T");
}

}  // namespace amtsweg::cli
