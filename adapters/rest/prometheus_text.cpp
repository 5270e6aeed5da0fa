// The text exposition format (see prometheus_text.hpp). Every label value goes through
// escape_label_value, so paths, state names or quotes cannot break a line.
#include "adapters/rest/prometheus_text.hpp"

#include <charconv>
#include <cmath>

namespace amtsweg::rest {
namespace {

// HELP text escapes only backslash and line feed.
std::string escape_help(std::string_view help) {
  std::string escaped;
  for (const char c : help) {
    if (c == '\\')
      escaped += "\\\\";
    else if (c == '\n')
      escaped += "\\n";
    else
      escaped += c;
  }
  return escaped;
}

std::string label_set(const MetricLabels& constant, const MetricLabels& labels) {
  if (constant.empty() && labels.empty()) return "";
  std::string text = "{";
  for (const auto* set : {&constant, &labels})
    for (const auto& [name, value] : *set) {
      if (text.size() > 1) text += ',';
      text += name + "=\"" + escape_label_value(value) + '"';
    }
  return text + '}';
}

}  // namespace

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
  text_ += "# HELP " + std::string(name) + ' ' + escape_help(help) + '\n';
  text_ += "# TYPE " + std::string(name) + ' ' + std::string(type) + '\n';
}

void PrometheusText::sample(std::string_view name, const MetricLabels& labels, double value) {
  text_ += std::string(name) + label_set(constant_, labels) + ' ' + format_sample_value(value) + '\n';
}

void PrometheusText::histogram(std::string_view name, const MetricLabels& labels, std::span<const double> bounds,
                               std::span<const std::uint64_t> counts, double sum) {
  const std::string bucket = std::string(name) + "_bucket";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    cumulative += i < counts.size() ? counts[i] : 0;
    MetricLabels with_bound = labels;
    with_bound.emplace_back("le", i < bounds.size() ? format_sample_value(bounds[i]) : "+Inf");
    sample(bucket, with_bound, static_cast<double>(cumulative));
  }
  sample(std::string(name) + "_sum", labels, sum);
  sample(std::string(name) + "_count", labels, static_cast<double>(cumulative));
}

std::string escape_label_value(std::string_view value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '\\')
      escaped += "\\\\";
    else if (c == '"')
      escaped += "\\\"";
    else if (c == '\n')
      escaped += "\\n";
    else
      escaped += c;
  }
  return escaped;
}

std::string format_sample_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Counts beyond 2^53 lose precision as doubles anyway; below that they print as integers.
  if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0)
    return std::to_string(static_cast<std::int64_t>(value));
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace amtsweg::rest
