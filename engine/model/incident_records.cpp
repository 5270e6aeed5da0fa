// Text names of incident and buffered-event statuses and incident sources, as stored and shown.
#include "engine/model/incident_records.hpp"

#include <array>
#include <boost/json/serialize.hpp>
#include <utility>

namespace amtsweg {
namespace {

template <class Enum, std::size_t N>
std::string_view name_of(Enum value, const std::array<std::pair<Enum, std::string_view>, N>& names) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return names.front().second;
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(std::string_view text, const std::array<std::pair<Enum, std::string_view>, N>& names) {
  for (const auto& [v, name] : names)
    if (name == text) return v;
  return std::nullopt;
}

constexpr std::array<std::pair<IncidentStatus, std::string_view>, 2> kIncidentStatuses{
    {{IncidentStatus::Open, "open"}, {IncidentStatus::Resolved, "resolved"}}};
constexpr std::array<std::pair<IncidentSource, std::string_view>, 2> kIncidentSources{
    {{IncidentSource::Timer, "timer"}, {IncidentSource::BufferedEvent, "buffered-event"}}};
constexpr std::array<std::pair<BufferedEventStatus, std::string_view>, 3> kBufferedStatuses{
    {{BufferedEventStatus::Buffered, "buffered"},
     {BufferedEventStatus::Delivered, "delivered"},
     {BufferedEventStatus::Expired, "expired"}}};

}  // namespace

std::string correlation_text(const boost::json::value& value) {
  return value.is_string() ? std::string(value.get_string()) : boost::json::serialize(value);
}

std::string_view to_string(IncidentStatus status) { return name_of(status, kIncidentStatuses); }
std::optional<IncidentStatus> incident_status_from(std::string_view text) { return value_of(text, kIncidentStatuses); }
std::string_view to_string(IncidentSource source) { return name_of(source, kIncidentSources); }
std::optional<IncidentSource> incident_source_from(std::string_view text) { return value_of(text, kIncidentSources); }
std::string_view to_string(BufferedEventStatus status) { return name_of(status, kBufferedStatuses); }
std::optional<BufferedEventStatus> buffered_event_status_from(std::string_view text) {
  return value_of(text, kBufferedStatuses);
}

}  // namespace amtsweg
