// Writes the Prometheus text exposition format 0.0.4: metric families with HELP and TYPE lines,
// samples with escaped label values, and histograms as cumulative buckets with _sum and _count.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amtsweg::rest {

// The Content-Type of the format.
inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class PrometheusText {
 public:
  // `constant` labels lead every sample (node="…": which engine node of several answered).
  explicit PrometheusText(MetricLabels constant = {}) : constant_(std::move(constant)) {}

  // Begins a family: "# HELP name help" and "# TYPE name type" (counter, gauge or histogram).
  // Its samples follow; each family is written once.
  void family(std::string_view name, std::string_view type, std::string_view help);
  // name{label="value",...} value
  void sample(std::string_view name, const MetricLabels& labels, double value);
  // One histogram series: name_bucket{labels,le="bound"} with cumulative counts for every bound
  // and "+Inf", then name_sum and name_count. `counts` holds each bucket's own count (not
  // cumulative): counts[i] for bounds[i], the last (bounds.size()) for values above every bound.
  void histogram(std::string_view name, const MetricLabels& labels, std::span<const double> bounds,
                 std::span<const std::uint64_t> counts, double sum);

  const std::string& text() const { return text_; }

 private:
  MetricLabels constant_;
  std::string text_;
};

// A label value escaped for the format: backslash, double quote and line feed.
std::string escape_label_value(std::string_view value);

// A sample value: integers without a fraction, "+Inf", "-Inf", "NaN", else the shortest exact form.
std::string format_sample_value(double value);

}  // namespace amtsweg::rest
