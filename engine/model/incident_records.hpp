// Incidents and buffered events as the store keeps them: what held a case after an asynchronous
// command failed, and the events that arrived before any case waited for them. Plain values.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/clock.hpp"

namespace amtsweg {

enum class IncidentStatus { Open, Resolved };
std::string_view to_string(IncidentStatus status);  // "open", "resolved"
std::optional<IncidentStatus> incident_status_from(std::string_view text);

// What failed when nobody was waiting for an answer: a due timer, or a buffered event delivered
// when its case began to wait. While an incident is open its case is held (it does not move);
// an administrator retries it once the cause (e.g. a tenant param) is fixed.
enum class IncidentSource { Timer, BufferedEvent };
std::string_view to_string(IncidentSource source);  // "timer", "buffered-event"
std::optional<IncidentSource> incident_source_from(std::string_view text);

struct Incident {
  std::string id;  // "I-<16 hex>"
  std::string tenant;
  std::string case_id;
  IncidentStatus status = IncidentStatus::Open;
  IncidentSource source = IncidentSource::Timer;
  std::int64_t timer_id = 0;  // source timer: the armed timer whose firing failed
  std::string event_id;       // source buffered event: the event's id
  std::string command;        // what ran, e.g. "timer 12 at awaiting_payment"
  std::string error;          // the last attempt's error message
  boost::json::object event;  // what was being processed: the timer or the event
  int attempts = 1;
  Timestamp opened_at = 0;
  Timestamp updated_at = 0;  // the last attempt
  std::optional<Timestamp> resolved_at;
  std::string resolved_by;
  std::string resolution;  // "retried", "case cancelled", "obsolete"
};

struct IncidentQuery {
  std::string tenant;                    // required
  std::optional<IncidentStatus> status;  // nullopt: any
  std::string case_id;                   // empty: any
  std::string after_id;                  // cursor: ids opened after this one
  int limit = 100;
};

enum class BufferedEventStatus { Buffered, Delivered, Expired };
std::string_view to_string(BufferedEventStatus status);  // "buffered", "delivered", "expired"
std::optional<BufferedEventStatus> buffered_event_status_from(std::string_view text);

// An event no waiting case took, kept because a definition declared its type bufferable.
struct BufferedEvent {
  std::int64_t seq = 0;  // assigned by the store: arrival order
  std::string tenant;
  std::string event_id;
  std::string type;
  boost::json::object correlation;
  boost::json::value payload;
  std::string actor;
  Timestamp received_at = 0;
  Timestamp expires_at = 0;
  BufferedEventStatus status = BufferedEventStatus::Buffered;
  std::string case_id;                  // delivered: the case that took it
  std::optional<Timestamp> settled_at;  // when it was delivered or expired
  std::string unreadable = {};          // set by listings when the stored row could not be read (why)
};

// A correlation value as text, as keys are compared: strings as they are, numbers as JSON.
std::string correlation_text(const boost::json::value& value);

struct BufferedEventQuery {
  std::string tenant;                         // required
  std::optional<BufferedEventStatus> status;  // nullopt: any
  std::string type;                           // empty: any
  std::int64_t after_seq = 0;                 // cursor
  int limit = 100;
};

}  // namespace amtsweg
