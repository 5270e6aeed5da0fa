// Runs the amtsweg executable as its own process and collects its output and exit code, for the
// tests of the command line.
#pragma once

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <cstdio>
#include <fstream>
#include <regex>
#include <string>

#include "tests/support/temp_dir.hpp"

namespace amtsweg::testing {

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

inline CliResult run_cli(const std::string& arguments) {
  const std::string command = std::string(AMTSWEG_CLI) + " " + arguments + " 2>&1";
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// The first group of the first match of `pattern` in `text` (a command's output); the test fails
// when nothing matches.
inline std::string first_match(const std::string& text, const std::string& pattern) {
  std::smatch match;
  REQUIRE(std::regex_search(text, match, std::regex(pattern)));
  return match[1];
}

// Writes `text` to `name` in `dir` and returns its path.
inline std::string write_file(const TempDir& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir.file(name)) << text;
  return dir.file(name);
}

}  // namespace amtsweg::testing
