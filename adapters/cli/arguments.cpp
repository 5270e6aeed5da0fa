// Parsing of options and positional arguments; reading "@file" arguments.
#include "adapters/cli/arguments.hpp"

#include <fstream>
#include <sstream>

#include "engine/error.hpp"
#include "engine/model/json_checks.hpp"

namespace amtsweg::cli {

Arguments::Arguments(int argc, char** argv, int first, const std::set<std::string>& flags,
                     const std::map<std::string, std::string>& short_names) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (const auto alias = arg.size() > 1 && arg[0] == '-' ? short_names.find(arg.substr(1)) : short_names.end();
        alias != short_names.end())
      arg = "--" + alias->second;
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    if (const auto eq = name.find('='); eq != std::string::npos) {
      options_.emplace(name.substr(0, eq), name.substr(eq + 1));
    } else if (flags.count(name)) {
      options_.emplace(name, "true");
    } else if (i + 1 < argc) {
      options_.emplace(name, argv[++i]);
    } else {
      throw Error(ErrorKind::InvalidArgument, "option --" + name + " needs a value");
    }
  }
}

std::optional<std::string> Arguments::get(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::string Arguments::required(const std::string& name) const {
  if (auto v = get(name)) return *v;
  throw Error(ErrorKind::InvalidArgument, "missing option --" + name);
}

std::string Arguments::value_or(const std::string& name, const std::string& fallback) const {
  return get(name).value_or(fallback);
}

std::vector<std::string> Arguments::all(const std::string& name) const {
  std::vector<std::string> values;
  auto [first, last] = options_.equal_range(name);
  for (auto it = first; it != last; ++it) values.push_back(it->second);
  return values;
}

bool Arguments::has(const std::string& name) const { return options_.count(name) > 0; }

int Arguments::integer(const std::string& name, int fallback, int min, int max) const {
  const auto text = get(name);
  if (!text) return fallback;
  try {
    std::size_t used = 0;
    const int value = std::stoi(*text, &used);
    if (used == text->size() && value >= min && value <= max) return value;
  } catch (const std::exception&) {
  }
  throw Error(ErrorKind::InvalidArgument,
              "--" + name + " must be a number from " + std::to_string(min) + " to " + std::to_string(max));
}

std::vector<std::string> Arguments::list(const std::string& name) const {
  std::vector<std::string> items;
  for (const auto& value : all(name)) {
    std::stringstream text(value);
    for (std::string item; std::getline(text, item, ',');)
      if (!item.empty()) items.push_back(item);
  }
  return items;
}

void Arguments::allow_only(const std::set<std::string>& known) const {
  for (const auto& [name, value] : options_)
    if (!known.count(name)) throw Error(ErrorKind::InvalidArgument, "unknown option --" + name);
}

std::string read_text_argument(const std::string& value) {
  if (value.empty() || value[0] != '@') return value;
  std::ifstream in(value.substr(1));
  if (!in) throw Error(ErrorKind::InvalidArgument, "cannot read " + value.substr(1));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

boost::json::value parse_json_argument(const std::string& value, std::string_view what) {
  return parse_clean_json(read_text_argument(value), what);
}

}  // namespace amtsweg::cli
