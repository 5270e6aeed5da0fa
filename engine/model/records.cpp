// Text names of case and task statuses and timer kinds, as stored and shown.
#include "engine/model/records.hpp"

namespace amtsweg {

std::string_view to_string(CaseStatus status) {
  switch (status) {
    case CaseStatus::Active: return "active";
    case CaseStatus::Suspended: return "suspended";
    case CaseStatus::Completed: return "completed";
    case CaseStatus::Cancelled: return "cancelled";
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
    case TaskStatus::Open: return "open";
    case TaskStatus::Claimed: return "claimed";
    case TaskStatus::Completed: return "completed";
    case TaskStatus::Cancelled: return "cancelled";
  }
  return "open";
}

std::optional<TaskStatus> task_status_from(std::string_view text) {
  for (auto s : {TaskStatus::Open, TaskStatus::Claimed, TaskStatus::Completed, TaskStatus::Cancelled})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

std::string_view to_string(TimerKind kind) {
  switch (kind) {
    case TimerKind::After: return "after";
    case TimerKind::Reminder: return "remind";
    case TimerKind::Escalation: return "escalate";
  }
  return "after";
}

std::optional<TimerKind> timer_kind_from(std::string_view text) {
  for (auto k : {TimerKind::After, TimerKind::Reminder, TimerKind::Escalation})
    if (to_string(k) == text) return k;
  return std::nullopt;
}

}  // namespace amtsweg
