// The read queries behind webhook delivery: paging the outbox of every tenant, subscriptions,
// deliveries, and the due deliveries of a subscription that the order per case lets go out.
#include <boost/json/array.hpp>

#include "engine/error.hpp"
#include "engine/store/sql/sql_query_helpers.hpp"
#include "engine/store/sql/sql_read_queries.hpp"
#include "engine/store/sql/sql_rows.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

using namespace sql_rows;
using namespace sql_queries;

namespace {

std::string delivery_select(std::string_view rest) {
  return select_from(kDeliveryColumns, std::string(kDeliveryFrom) + " " + std::string(rest));
}

}  // namespace

template <class Interface>
std::vector<OutboxMessage> SqlReadQueries<Interface>::outbox_after(std::int64_t after_id, int limit) {
  return with_store_errors("outbox_after", std::to_string(after_id), [&] {
    static const std::string sql = select_from(kOutboxColumns, "FROM outbox WHERE id > ? ORDER BY id LIMIT ?");
    auto query = connection().statement(sql);
    query->bind(1, after_id);
    query->bind(2, limit);
    return all_rows(query, read_outbox_listing);
  });
}

template <class Interface>
std::optional<OutboxMessage> SqlReadQueries<Interface>::find_outbox_message(std::int64_t id) {
  return with_store_errors("find_outbox_message", std::to_string(id), [&] {
    static const std::string sql = select_from(kOutboxColumns, "FROM outbox WHERE id = ?");
    auto query = connection().statement(sql);
    query->bind(1, id);
    return first_row(query, read_outbox_listing);
  });
}

template <class Interface>
std::int64_t SqlReadQueries<Interface>::last_outbox_id() {
  return with_store_errors("last_outbox_id", "", [&] {
    auto query = connection().statement("SELECT COALESCE(MAX(id), 0) FROM outbox");
    return first_row(query, first_column_integer).value_or(0);
  });
}

template <class Interface>
std::int64_t SqlReadQueries<Interface>::webhook_fanout_cursor() {
  return with_store_errors("webhook_fanout_cursor", "", [&] {
    auto query = connection().statement("SELECT last_message_id FROM webhook_fanout WHERE id = 1");
    return first_row(query, first_column_integer).value_or(0);
  });
}

template <class Interface>
std::vector<WebhookSubscription> SqlReadQueries<Interface>::webhook_subscriptions(const std::string& tenant) {
  return with_store_errors("webhook_subscriptions", tenant, [&] {
    if (tenant.empty()) {
      static const std::string sql =
          select_from(kSubscriptionColumns, "FROM webhook_subscriptions WHERE active = 1 ORDER BY created_at, id");
      auto query = connection().statement(sql);
      return all_rows(query, read_webhook_subscription);
    }
    static const std::string sql = select_from(
        kSubscriptionColumns, "FROM webhook_subscriptions WHERE tenant = ? AND active = 1 ORDER BY created_at, id");
    auto query = connection().statement(sql);
    query->bind(1, tenant);
    return all_rows(query, read_webhook_subscription);
  });
}

template <class Interface>
std::optional<WebhookSubscription> SqlReadQueries<Interface>::find_webhook_subscription(const std::string& tenant,
                                                                                        const std::string& id) {
  return with_store_errors("find_webhook_subscription", id, [&] {
    static const std::string sql =
        select_from(kSubscriptionColumns, "FROM webhook_subscriptions WHERE id = ? AND tenant = ?");
    auto query = connection().statement(sql);
    query->bind(1, id);
    query->bind(2, tenant);
    return first_row(query, read_webhook_subscription);
  });
}

template <class Interface>
std::optional<WebhookDelivery> SqlReadQueries<Interface>::find_webhook_delivery(const std::string& id) {
  return with_store_errors("find_webhook_delivery", id, [&] {
    static const std::string sql = delivery_select("WHERE d.id = ?");
    auto query = connection().statement(sql);
    query->bind(1, id);
    return first_row(query, read_webhook_delivery);
  });
}

template <class Interface>
std::vector<WebhookDelivery> SqlReadQueries<Interface>::webhook_deliveries(const DeliveryQuery& filter) {
  return with_store_errors("webhook_deliveries", filter.subscription_id, [&] {
    FilteredQuery query(delivery_select("WHERE d.subscription_id = ? AND s.tenant = ?"));
    query.parameter(filter.subscription_id).parameter(filter.tenant);
    if (filter.status) query.sql(" AND d.status = ?").parameter(std::string(to_string(*filter.status)));
    if (!filter.after_id.empty()) {
      // Keyset paging on the message id, which is unique within a subscription.
      auto cursor =
          connection().statement("SELECT message_id FROM webhook_deliveries WHERE id = ? AND subscription_id = ?");
      cursor->bind(1, filter.after_id);
      cursor->bind(2, filter.subscription_id);
      const auto after = first_row(cursor, first_column_integer);
      if (!after) {
        throw Error(ErrorKind::InvalidArgument, store_message("webhook_deliveries", filter.subscription_id,
                                                              "cursor names no delivery: " + filter.after_id));
      }
      query.sql(" AND d.message_id > ?").parameter(*after);
    }
    query.sql(" ORDER BY d.message_id LIMIT ?").parameter(std::int64_t{filter.limit});
    auto rows = query.prepare(connection());
    return all_rows(rows, read_webhook_delivery);
  });
}

template <class Interface>
std::vector<WebhookDelivery> SqlReadQueries<Interface>::due_webhook_deliveries(const std::string& subscription_id,
                                                                               Timestamp now, int limit) {
  return with_store_errors("due_webhook_deliveries", subscription_id, [&] {
    // In order per case: a delivery waits while an earlier message of its case is still pending
    // for the same subscription (being retried, or in flight under its lease).
    static const std::string sql = delivery_select(
        "WHERE d.subscription_id = ? AND d.status = 'pending' AND d.next_attempt_at <= ? "
        "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.subscription_id = d.subscription_id "
        "AND e.case_id = d.case_id AND e.status = 'pending' AND e.message_id < d.message_id) "
        "ORDER BY d.next_attempt_at, d.message_id LIMIT ?");
    auto query = connection().statement(sql);
    query->bind(1, subscription_id);
    query->bind(2, std::int64_t{now});
    query->bind(3, limit);
    return all_rows(query, read_webhook_delivery);
  });
}

// The rest of SqlReadQueries is instantiated in sql_read_queries.cpp; these members are
// defined here, so they are instantiated here, for the same two interfaces.
#define AMTSWEG_INSTANTIATE_WEBHOOK_QUERIES(Interface)                                                            \
  template std::vector<OutboxMessage> SqlReadQueries<Interface>::outbox_after(std::int64_t, int);                 \
  template std::optional<OutboxMessage> SqlReadQueries<Interface>::find_outbox_message(std::int64_t);             \
  template std::int64_t SqlReadQueries<Interface>::last_outbox_id();                                              \
  template std::int64_t SqlReadQueries<Interface>::webhook_fanout_cursor();                                       \
  template std::vector<WebhookSubscription> SqlReadQueries<Interface>::webhook_subscriptions(const std::string&); \
  template std::optional<WebhookSubscription> SqlReadQueries<Interface>::find_webhook_subscription(               \
      const std::string&, const std::string&);                                                                    \
  template std::optional<WebhookDelivery> SqlReadQueries<Interface>::find_webhook_delivery(const std::string&);   \
  template std::vector<WebhookDelivery> SqlReadQueries<Interface>::webhook_deliveries(const DeliveryQuery&);      \
  template std::vector<WebhookDelivery> SqlReadQueries<Interface>::due_webhook_deliveries(const std::string&,     \
                                                                                          Timestamp, int);

AMTSWEG_INSTANTIATE_WEBHOOK_QUERIES(StoreReader)
AMTSWEG_INSTANTIATE_WEBHOOK_QUERIES(StoreWriter)
#undef AMTSWEG_INSTANTIATE_WEBHOOK_QUERIES

}  // namespace amtsweg
