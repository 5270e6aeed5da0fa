// amtsweg graph FILE [--format svg|dot] [-o OUT]: draws a definition's state graph from its YAML
// file, without a database (to review a process before deploying it).
#include <fstream>
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "adapters/diagram/state_graph_dot.hpp"
#include "adapters/diagram/svg_renderer.hpp"
#include "engine/dsl/loader.hpp"
#include "engine/error.hpp"

namespace amtsweg::cli {

int graph_command(const Arguments& args) {
  args.allow_only({"format", "output"});
  if (args.positional().size() != 1)
    throw Error(ErrorKind::InvalidArgument, "usage: amtsweg graph FILE [--format svg|dot] [-o OUT]");
  const std::string format = args.value_or("format", "svg");
  if (format != "svg" && format != "dot")
    throw Error(ErrorKind::InvalidArgument, "--format must be svg or dot, not '" + format + "'");
  const std::string& path = args.positional()[0];
  const LoadResult loaded = load_definition_file(path);
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) std::cerr << d.format() << "\n";
    return 1;
  }
  const std::string dot = diagram::state_graph_dot(*loaded.definition);
  const std::string text = format == "dot" ? dot : diagram::render_svg(dot);
  const auto output = args.get("output");
  if (!output) {
    std::cout << text;
    return 0;
  }
  std::ofstream file(*output, std::ios::binary);
  file << text;
  if (!file.flush()) throw Error(ErrorKind::Io, "cannot write " + *output);
  std::cout << path << ": " << format << " written to " << *output << "\n";
  return 0;
}

}  // namespace amtsweg::cli
