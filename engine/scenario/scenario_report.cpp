// Formatting scenario results for people: the position first, so editors and CI logs can jump to it.
#include "engine/scenario/scenario_report.hpp"

namespace amtsweg {

namespace {

// "    expected: first line\n              next line\n..."
std::string side(const std::string& label, const std::string& text) {
  const std::string indent(4 + label.size(), ' ');
  std::string out = "    " + label;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('\n', start);
    out += (start == 0 ? "" : indent) + text.substr(start, end - start) + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string format_result(const ScenarioResult& result, const std::string& file) {
  if (result.passed()) return "PASS " + result.name + "\n";
  std::string out = "FAIL " + result.name + "\n";
  for (const auto& m : result.mismatches) {
    out += "  " + file + ":" + std::to_string(m.pos.line) + ":" + std::to_string(m.pos.column) + ": " + m.what + "\n";
    out += side("expected: ", m.expected);
    out += side("actual:   ", m.actual);
  }
  return out;
}

}  // namespace amtsweg
