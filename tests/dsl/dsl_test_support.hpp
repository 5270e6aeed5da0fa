// Helpers for the dsl tests: load YAML written inline and get its diagnostics as the
// "file:line:column: message" strings users see.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/dsl/loader.hpp"

namespace amtsweg::testing {

// Drops the newline right after R"( so that the first YAML line is line 1.
inline std::string yaml(std::string_view text) {
  if (!text.empty() && text.front() == '\n') text.remove_prefix(1);
  return std::string(text);
}

inline std::vector<std::string> formatted(const Diagnostics& diagnostics) {
  std::vector<std::string> lines;
  for (const auto& diagnostic : diagnostics) lines.push_back(diagnostic.format());
  return lines;
}

// The formatted diagnostics of loading `text` as "t.yaml".
inline std::vector<std::string> findings(std::string_view text) {
  return formatted(load_definition(yaml(text), "t.yaml").diagnostics);
}

// The complete definitions shown in the language reference (processes/README.md): its ```yaml
// blocks that begin with `id:` and have a `states:` line.
inline std::vector<std::string> reference_definitions() {
  std::ifstream in(std::filesystem::path(AMTSWEG_SOURCE_DIR) / "processes/README.md");
  REQUIRE(in);
  std::vector<std::string> definitions;
  std::string line, block;
  bool in_yaml = false;
  while (std::getline(in, line)) {
    if (!in_yaml && line == "```yaml") {
      in_yaml = true;
      block.clear();
    } else if (in_yaml && line == "```") {
      in_yaml = false;
      if (block.rfind("id: ", 0) == 0 && block.find("\nstates:\n") != std::string::npos &&
          block.rfind("id: ...", 0) != 0)
        definitions.push_back(block);
    } else if (in_yaml) {
      block += line + "\n";
    }
  }
  return definitions;
}

}  // namespace amtsweg::testing
