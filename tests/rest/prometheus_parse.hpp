// A strict little reader of the Prometheus text format for tests: every line must be a HELP or
// TYPE comment or a `name{label="value",...} value` sample; samples are returned by series.
#pragma once

#include <map>
#include <string>

namespace amtsweg::testing {

// Series text (the sample line without its value, e.g. `x_total{route="a",status="200"}`) -> value.
using PrometheusSamples = std::map<std::string, double>;

// Throws std::runtime_error naming the first line that is not in the format.
PrometheusSamples parse_prometheus_text(const std::string& text);

}  // namespace amtsweg::testing
