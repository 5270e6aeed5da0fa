// Helpers for the dsl tests: load YAML written inline and get its diagnostics as the
// "file:line:column: message" strings users see.
#pragma once

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

}  // namespace amtsweg::testing
