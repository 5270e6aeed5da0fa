// The writes behind webhook delivery: subscriptions, delivery rows and their bookkeeping, and the
// fan-out cursor, on the writer's connection like every other write.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "engine/store/sql/sql_rows.hpp"
#include "engine/store/sql/sql_writer.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

using sql_rows::bind_optional;

void SqlWriter::insert_webhook_subscription(const WebhookSubscription& subscription) {
  with_store_errors("insert_webhook_subscription", subscription.id, [&] {
    auto insert = connection().statement(
        "INSERT INTO webhook_subscriptions (id, tenant, url, events, secret, created_at, active, after_message_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, subscription.id);
    insert->bind(2, subscription.tenant);
    insert->bind(3, subscription.url);
    insert->bind(4, boost::json::serialize(boost::json::array(subscription.events.begin(), subscription.events.end())));
    insert->bind(5, subscription.secret);
    insert->bind(6, std::int64_t{subscription.created_at});
    insert->bind(7, subscription.active ? 1 : 0);
    insert->bind(8, subscription.after_message_id);
    insert->exec();
  });
}

bool SqlWriter::deactivate_webhook_subscription(const std::string& tenant, const std::string& id) {
  return with_store_errors("deactivate_webhook_subscription", id, [&] {
    auto update = connection().statement(
        "UPDATE webhook_subscriptions SET active = 0 WHERE id = ? AND tenant = ? AND active = 1");
    update->bind(1, id);
    update->bind(2, tenant);
    return update->exec() > 0;
  });
}

void SqlWriter::insert_webhook_delivery(const WebhookDelivery& delivery) {
  with_store_errors("insert_webhook_delivery", delivery.id, [&] {
    auto insert = connection().statement(
        "INSERT INTO webhook_deliveries (id, subscription_id, message_id, case_id, status, attempts, "
        "next_attempt_at, last_status, last_error, delivered_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, delivery.id);
    insert->bind(2, delivery.subscription_id);
    insert->bind(3, delivery.message_id);
    insert->bind(4, delivery.case_id);
    insert->bind(5, std::string(to_string(delivery.status)));
    insert->bind(6, delivery.attempts);
    insert->bind(7, std::int64_t{delivery.next_attempt_at});
    if (delivery.last_status)
      insert->bind(8, *delivery.last_status);
    else
      insert->bind(8);
    insert->bind(9, delivery.last_error);
    bind_optional(*insert, 10, delivery.delivered_at);
    insert->bind(11, std::int64_t{delivery.created_at});
    insert->exec();
  });
}

void SqlWriter::update_webhook_delivery(const WebhookDelivery& delivery) {
  with_store_errors("update_webhook_delivery", delivery.id, [&] {
    auto update = connection().statement(
        "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?, "
        "last_error = ?, delivered_at = ? WHERE id = ?");
    update->bind(1, std::string(to_string(delivery.status)));
    update->bind(2, delivery.attempts);
    update->bind(3, std::int64_t{delivery.next_attempt_at});
    if (delivery.last_status)
      update->bind(4, *delivery.last_status);
    else
      update->bind(4);
    update->bind(5, delivery.last_error);
    bind_optional(*update, 6, delivery.delivered_at);
    update->bind(7, delivery.id);
    if (update->exec() == 0)
      throw Error(ErrorKind::NotFound, store_message("update_webhook_delivery", delivery.id, "no such delivery"));
  });
}

void SqlWriter::set_webhook_fanout_cursor(std::int64_t message_id) {
  with_store_errors("set_webhook_fanout_cursor", std::to_string(message_id), [&] {
    auto update = connection().statement("UPDATE webhook_fanout SET last_message_id = ? WHERE id = 1");
    update->bind(1, message_id);
    update->exec();
  });
}

int SqlWriter::cancel_webhook_deliveries(const std::string& subscription_id, Timestamp at) {
  return with_store_errors("cancel_webhook_deliveries", subscription_id, [&] {
    auto update = connection().statement(
        "UPDATE webhook_deliveries SET status = 'cancelled', cancelled_at = ? "
        "WHERE subscription_id = ? AND status IN ('pending', 'dead')");
    update->bind(1, std::int64_t{at});
    update->bind(2, subscription_id);
    return update->exec();
  });
}

int SqlWriter::prune_webhook_deliveries(Timestamp before, int limit) {
  return with_store_errors("prune_webhook_deliveries", std::to_string(before), [&] {
    // One statement per status, so that each walks its own index in time order.
    int pruned = 0;
    for (const char* sql : {"DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries "
                            "WHERE status = 'delivered' AND delivered_at < ? ORDER BY delivered_at LIMIT ?)",
                            "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries "
                            "WHERE status = 'cancelled' AND cancelled_at < ? ORDER BY cancelled_at LIMIT ?)"}) {
      if (pruned >= limit) break;
      auto remove = connection().statement(sql);
      remove->bind(1, std::int64_t{before});
      remove->bind(2, limit - pruned);
      pruned += remove->exec();
    }
    return pruned;
  });
}

}  // namespace amtsweg
