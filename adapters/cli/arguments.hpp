// A small command-line parser for `amtsweg <command> [--option value]... [positional]...`.
// Options may repeat (--role a --role b); unknown options are an error naming them.
#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace amtsweg::cli {

class Arguments {
 public:
  // `flags` take no value (e.g. --json); every other --name takes the next argument as value.
  // `short_names` map single-dash options to long ones ({"o", "output"}: -o OUT is --output OUT).
  Arguments(int argc, char** argv, int first, const std::set<std::string>& flags = {},
            const std::map<std::string, std::string>& short_names = {});

  std::optional<std::string> get(const std::string& name) const;
  std::string required(const std::string& name) const;  // throws Error{InvalidArgument}
  std::string value_or(const std::string& name, const std::string& fallback) const;
  std::vector<std::string> all(const std::string& name) const;
  bool has(const std::string& name) const;
  // The option as a whole number from `min` to `max`, `fallback` when it is absent; throws
  // Error{InvalidArgument} naming the option and the range otherwise.
  int integer(const std::string& name, int fallback, int min, int max) const;
  // The values of a repeatable, comma-separated option ("--events a,b --events c"), empty items left out.
  std::vector<std::string> list(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }
  // Throws Error{InvalidArgument} naming the first option that is not in `known`.
  void allow_only(const std::set<std::string>& known) const;

 private:
  std::multimap<std::string, std::string> options_;
  std::vector<std::string> positional_;
};

// A JSON argument: inline text, or "@path" to read a file. Throws Error{InvalidArgument} naming
// `what` and the parse error.
std::string read_text_argument(const std::string& value);

// A JSON argument (inline or "@path") parsed and checked as data from outside (see
// parse_clean_json): Error{InvalidArgument} naming `what` ("data" -> "data.extra") and the problem.
boost::json::value parse_json_argument(const std::string& value, std::string_view what);

}  // namespace amtsweg::cli
