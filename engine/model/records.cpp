// Text names of case and task statuses and timer kinds, as stored and shown; the syntax of
// document kinds.
#include "engine/model/records.hpp"

#include <algorithm>

namespace amtsweg {

std::string_view to_string(CaseStatus status) {
  switch (status) {
    case CaseStatus::Active:
      return "active";
    case CaseStatus::Suspended:
      return "suspended";
    case CaseStatus::Completed:
      return "completed";
    case CaseStatus::Cancelled:
      return "cancelled";
  }
  return "active";
}

std::optional<CaseStatus> case_status_from(std::string_view text) {
  for (auto s : {CaseStatus::Active, CaseStatus::Suspended, CaseStatus::Completed, CaseStatus::Cancelled})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

std::string_view to_string(TaskStatus status) {
  switch (status) {
    case TaskStatus::Open:
      return "open";
    case TaskStatus::Claimed:
      return "claimed";
    case TaskStatus::Completed:
      return "completed";
    case TaskStatus::Cancelled:
      return "cancelled";
  }
  return "open";
}

std::optional<TaskStatus> task_status_from(std::string_view text) {
  for (auto s : {TaskStatus::Open, TaskStatus::Claimed, TaskStatus::Completed, TaskStatus::Cancelled})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

bool is_document_kind(std::string_view text) {
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (text.empty() || text.size() > 64 || !lower_or_digit(text.front())) return false;
  return std::all_of(text.begin(), text.end(),
                     [&](char c) { return lower_or_digit(c) || c == '_' || c == '-' || c == '.'; });
}

std::string_view to_string(TimerKind kind) {
  switch (kind) {
    case TimerKind::After:
      return "after";
    case TimerKind::Reminder:
      return "remind";
    case TimerKind::Escalation:
      return "escalate";
  }
  return "after";
}

std::optional<TimerKind> timer_kind_from(std::string_view text) {
  for (auto k : {TimerKind::After, TimerKind::Reminder, TimerKind::Escalation})
    if (to_string(k) == text) return k;
  return std::nullopt;
}

}  // namespace amtsweg
