// Verwaltung: one webhook subscription and its deliveries (GET /webhooks/{id}/deliveries, 25 a
// page with the API's cursor, filtered by status): dead letters marked, "Erneut zustellen" for a
// delivered or dead one (POST /deliveries/{id}/redeliver), the outcome in a live region.
import { useState } from "preact/hooks";
import { query } from "../lib/api.js";
import { html } from "../lib/html.js";
import { formatDateTime } from "../lib/format.js";
import { Link } from "../lib/nav.js";
import { PagedList } from "./paged_list.js";
import { useLoad } from "./processes.js";
import { StatusAlert } from "./status_alert.js";
import { SelectField } from "./text_field.js";
import { useCursorList } from "./use_cursor_list.js";
import { strings as t } from "./strings.js";

const PAGE = 25;
const BADGE = { pending: "info", delivered: "success", dead: "danger", cancelled: "warning" };

function DeliveryStatus({ delivery }) {
  return html`<span class=${`kern-badge kern-badge--${BADGE[delivery.status] || "info"}`}>${t.deliveryStatus[delivery.status] || delivery.status}</span>`;
}

function When({ delivery: d }) {
  if (d.status === "pending" && d.next_attempt_at) return t.nextAttempt(formatDateTime(d.next_attempt_at));
  if (d.delivered_at) return t.deliveredAt(formatDateTime(d.delivered_at));
  if (d.cancelled_at) return t.cancelledAt(formatDateTime(d.cancelled_at));
  return t.createdAt(formatDateTime(d.created_at));
}

function DeliveryTable({ url, deliveries, onRedeliver }) {
  return html`<div class="aw-table-wrap" tabindex="0" role="region" aria-labelledby="deliveries-caption"><table class="kern-table" data-testid="deliveries">
    <caption id="deliveries-caption" class="kern-sr-only">${t.deliveriesCaption(url)}</caption>
    <thead><tr><th scope="col">${t.colMessage}</th><th scope="col">${t.colCase}</th><th scope="col">${t.colStatus}</th><th scope="col">${t.colAttempts}</th>
      <th scope="col">${t.colLastAnswer}</th><th scope="col">${t.colWhen}</th><th scope="col">${t.colActions}</th></tr></thead>
    <tbody>${deliveries.map((d) => html`<tr key=${d.id} data-delivery=${d.id} data-status=${d.status}>
      <th scope="row"><code>${d.type}</code></th>
      <td>${d.case_id ? html`<${Link} href=${`/vorgang/${encodeURIComponent(d.case_id)}`}>${d.case_id}</${Link}>` : t.none}</td>
      <td><${DeliveryStatus} delivery=${d} /></td>
      <td>${d.attempts}</td>
      <td>${d.last_status !== null ? t.httpStatus(d.last_status) : d.attempts ? t.noAnswer : t.none}${d.last_error ? html`<br /><span class="aw-muted">${d.last_error}</span>` : null}</td>
      <td><${When} delivery=${d} /></td>
      <td>${d.status === "delivered" || d.status === "dead"
        ? html`<button type="button" class="kern-btn kern-btn--secondary" aria-label=${t.redeliverLabel(d.type, d.id)} onClick=${() => onRedeliver(d)}>
            <span class="kern-label">${t.redeliver}</span></button>`
        : null}</td>
    </tr>`)}</tbody>
  </table></div>`;
}

export function WebhookPage({ api, id }) {
  const path = `/webhooks/${encodeURIComponent(id)}`;
  // A deleted subscription has no record any more, but its deliveries are still listed.
  const subscription = useLoad(() => api.get(path).catch(() => null), id);
  const [filter, setFilter] = useState("");
  const [status, setStatus] = useState(null);
  const list = useCursorList(
    (after) => api.get(`${path}/deliveries${query({ status: filter, limit: PAGE, after })}`).then((page) => ({ items: page.deliveries, next: page.next })),
    `${id}/${filter}`,
  );
  const url = subscription?.data?.url || id;
  const redeliver = async (delivery) => {
    try {
      const updated = await api.post(`/deliveries/${encodeURIComponent(delivery.id)}/redeliver`, {});
      list.update((d) => (d.id === updated.id ? updated : d));
      setStatus({ ok: true, text: t.redelivered(delivery.type) });
    } catch (error) {
      setStatus({ ok: false, text: t.redeliverFailed(error.message) });
    }
  };
  return html`<p><${Link} href="/verwaltung/webhooks">${t.backToWebhooks}</${Link}></p>
    <h1 class="kern-heading-large">${t.webhookTitle(url)}</h1>
    ${subscription?.data
      ? html`<dl class="aw-dl" data-testid="webhook-facts">
          <dt>${t.webhookId}</dt><dd><code>${subscription.data.id}</code></dd>
          <dt>${t.colEvents}</dt><dd>${subscription.data.events.join(", ")}</dd>
          <dt>${t.colSubscribed}</dt><dd>${formatDateTime(subscription.data.created_at)}</dd>
        </dl>`
      : null}
    <h2 class="kern-heading-medium">${t.deliveries}</h2>
    <p class="kern-body">${t.deliveriesIntro}</p>
    <div class="aw-filters">
      <${SelectField} id="delivery-status" label=${t.statusFilter} value=${filter} onChange=${setFilter}
        choices=${[["", t.allStatuses], ...Object.entries(t.deliveryStatus)]} />
      <div class="aw-actions"><button type="button" class="kern-btn kern-btn--secondary" onClick=${list.reload}><span class="kern-label">${t.refresh}</span></button></div>
    </div>
    <${StatusAlert} status=${status} testId="deliveries-status" />
    <${PagedList} list=${list} empty=${t.noDeliveries} testId="deliveries">${(items) =>
      html`<${DeliveryTable} url=${url} deliveries=${items} onRedeliver=${redeliver} />`}</${PagedList}>`;
}
