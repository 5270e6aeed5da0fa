// JSON views of webhook subscriptions and deliveries (see webhook_json.hpp).
#include "engine/model/webhook_json.hpp"

#include <boost/json/array.hpp>

namespace amtsweg {

namespace json = boost::json;

json::object to_json(const WebhookSubscription& s) {
  return {{"id", s.id},
          {"url", s.url},
          {"events", json::array(s.events.begin(), s.events.end())},
          {"created_at", format_timestamp(s.created_at)}};
}

json::object to_json(const WebhookDelivery& d) {
  auto optional_time = [](const std::optional<Timestamp>& t) -> json::value {
    return t ? json::value(format_timestamp(*t)) : json::value(nullptr);
  };
  const bool pending = d.status == DeliveryStatus::Pending;
  return {{"id", d.id},
          {"subscription_id", d.subscription_id},
          {"message_id", d.message_id},
          {"type", d.type},
          {"case_id", d.case_id},
          {"status", to_string(d.status)},
          {"attempts", d.attempts},
          {"next_attempt_at", pending ? optional_time(d.next_attempt_at) : json::value(nullptr)},
          {"last_status", d.last_status ? json::value(*d.last_status) : json::value(nullptr)},
          {"last_error", d.last_error},
          {"delivered_at", optional_time(d.delivered_at)},
          {"created_at", format_timestamp(d.created_at)},
          {"cancelled_at", optional_time(d.cancelled_at)}};
}

}  // namespace amtsweg
