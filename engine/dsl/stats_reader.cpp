// Reads `stats:` (see stats_reader.hpp). Paths are plain data paths, not Lua: the store keeps each
// case's values beside it, so a dashboard counts them without reading every case's data.
#include "engine/dsl/stats_reader.hpp"

#include <algorithm>

#include "engine/dsl/action_reader.hpp"
#include "engine/dsl/language_keys.hpp"

namespace amtsweg {
namespace {

// "data.payment.method" -> "payment.method"; nullopt for anything but data. and a dotted path.
std::optional<std::string> data_path(const std::string& text) {
  constexpr std::string_view kPrefix = "data.";
  if (!text.starts_with(kPrefix) || !is_data_path(std::string_view(text).substr(kPrefix.size()))) return std::nullopt;
  return text.substr(kPrefix.size());
}

std::optional<std::string> read_path(YamlReader& reader, const MapEntry& entry, const std::string& what) {
  const auto text = reader.text(entry, "a data path such as data.payment.method");
  if (!text) return std::nullopt;
  auto path = data_path(*text);
  if (!path)
    reader.report(entry.value_pos, what + " '" + *text +
                                       "' is not a data path: write data. and field names joined by dots "
                                       "(e.g. data.payment.method)");
  return path;
}

std::vector<StatsOutcome> read_success(YamlReader& reader, const MapEntry& entry) {
  std::vector<StatsOutcome> outcomes;
  if (!entry.value.IsSequence() || entry.value.size() == 0) {
    reader.report(entry.value_pos, "'success' must be a non-empty list of outcomes (e.g. [completed])");
    return outcomes;
  }
  for (const auto& item : entry.value) {
    const SourcePos where = reader.pos(item);
    if (!item.IsScalar() || item.Scalar().empty()) {
      reader.report(where, "an outcome must be a name such as completed");
    } else if (std::any_of(outcomes.begin(), outcomes.end(),
                           [&](const StatsOutcome& o) { return o.outcome == item.Scalar(); })) {
      reader.report(where, "outcome '" + item.Scalar() + "' is listed twice");
    } else {
      outcomes.push_back({item.Scalar(), where});
    }
  }
  return outcomes;
}

std::vector<StatsDimension> read_dimensions(YamlReader& reader, const MapEntry& entry) {
  std::vector<StatsDimension> dimensions;
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos,
                  "'dimensions' must map names to data paths, e.g. {payment_method: data.payment.method}");
    return dimensions;
  }
  for (const auto& dimension : reader.named_entries(entry.value)) {
    if (!is_identifier(dimension.key))
      reader.report(dimension.key_pos, "invalid dimension name '" + dimension.key +
                                           "': use letters, digits and '_', not starting with a digit");
    if (auto path = read_path(reader, dimension, "dimension '" + dimension.key + "'"))
      dimensions.push_back({dimension.key, *path, dimension.key_pos});
  }
  return dimensions;
}

}  // namespace

StatsSpec read_stats(YamlReader& reader, const MapEntry& entry) {
  StatsSpec stats;
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos, "'stats' must be a mapping with success, amount and dimensions");
    return stats;
  }
  for (const auto& key : reader.entries(entry.value, language_keys::kStats)) {
    if (key.key == "success") {
      stats.success = read_success(reader, key);
    } else if (key.key == "amount") {
      stats.amount = read_path(reader, key, "'amount'").value_or("");
    } else if (key.key == "dimensions") {
      stats.dimensions = read_dimensions(reader, key);
    }
  }
  return stats;
}

}  // namespace amtsweg
