// JSON views of webhook subscriptions and deliveries, shared by the adapters. A subscription's
// secret is never part of its view: it is shown once, when it is created.
#pragma once

#include <boost/json/object.hpp>

#include "engine/model/webhook_records.hpp"

namespace amtsweg {

// {id, url, events, created_at}
boost::json::object to_json(const WebhookSubscription& subscription);
// {id, subscription_id, message_id, type, case_id, status, attempts, next_attempt_at (null unless
//  pending), last_status, last_error, delivered_at, created_at}
boost::json::object to_json(const WebhookDelivery& delivery);

}  // namespace amtsweg
