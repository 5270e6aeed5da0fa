// amtsweg schema: prints the JSON Schema of the process language (the text GET /api/v1/schema/process
// serves), for editors: `amtsweg schema > process.schema.json`.
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "engine/dsl/process_schema.hpp"
#include "engine/error.hpp"

namespace amtsweg::cli {

int schema_command(const Arguments& args) {
  args.allow_only({});
  if (!args.positional().empty()) throw Error(ErrorKind::InvalidArgument, "usage: amtsweg schema");
  std::cout << process_schema_json();
  return 0;
}

}  // namespace amtsweg::cli
