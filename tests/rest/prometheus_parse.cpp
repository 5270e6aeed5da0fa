// Parses the exposition format line by line with regular expressions that follow the format's
// grammar (metric and label names, escaped label values, float values).
#include "tests/rest/prometheus_parse.hpp"

#include <regex>
#include <sstream>
#include <stdexcept>

namespace amtsweg::testing {

PrometheusSamples parse_prometheus_text(const std::string& text) {
  static const std::regex comment(
      R"(# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)))");
  static const std::string label = R"([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\[\\"n])*")";
  static const std::regex sample("([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{(?:" + label + "(?:," + label +
                                 ")*)?\\})?) ([-+]?(?:[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|Inf)|NaN)");
  PrometheusSamples samples;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    std::smatch match;
    if (line.starts_with("#")) {
      if (!std::regex_match(line, comment)) throw std::runtime_error("line " + std::to_string(number) + ": " + line);
      continue;
    }
    if (!std::regex_match(line, match, sample))
      throw std::runtime_error("line " + std::to_string(number) + ": " + line);
    if (!samples.emplace(match[1].str(), std::stod(match[2].str())).second)
      throw std::runtime_error("line " + std::to_string(number) + " repeats a series: " + line);
  }
  if (!text.empty() && text.back() != '\n') throw std::runtime_error("the text does not end with a line feed");
  return samples;
}

}  // namespace amtsweg::testing
