// Text names of delivery statuses, as stored and shown.
#include "engine/model/webhook_records.hpp"

namespace amtsweg {

std::string_view to_string(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::Pending:
      return "pending";
    case DeliveryStatus::Delivered:
      return "delivered";
    case DeliveryStatus::Dead:
      return "dead";
    case DeliveryStatus::Cancelled:
      return "cancelled";
  }
  return "pending";
}

std::optional<DeliveryStatus> delivery_status_from(std::string_view text) {
  for (auto s : {DeliveryStatus::Pending, DeliveryStatus::Delivered, DeliveryStatus::Dead, DeliveryStatus::Cancelled})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

}  // namespace amtsweg
