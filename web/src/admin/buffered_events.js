// Verwaltung: Wartende Ereignisse. The events kept until a case waits for them (GET
// /events/buffered, 25 a page with the API's cursor, by status and type): type, id, correlation,
// arrival, expiry, status, and the case that took a delivered one.
import { useState } from "preact/hooks";
import { query } from "../lib/api.js";
import { html } from "../lib/html.js";
import { formatDateTime } from "../lib/format.js";
import { Link } from "../lib/nav.js";
import { PagedList } from "./paged_list.js";
import { SelectField, TextField } from "./text_field.js";
import { useCursorList } from "./use_cursor_list.js";
import { strings as t } from "./strings.js";

const PAGE = 25;
const BADGE = { buffered: "info", delivered: "success", expired: "warning" };

const correlationText = (correlation) =>
  Object.entries(correlation || {}).map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`).join(", ");

function EventTable({ events }) {
  return html`<div class="aw-table-wrap" tabindex="0" role="region" aria-labelledby="buffered-caption"><table class="kern-table" data-testid="buffered-events">
    <caption id="buffered-caption" class="kern-sr-only">${t.bufferedCaption}</caption>
    <thead><tr><th scope="col">${t.colType}</th><th scope="col">${t.colEventId}</th><th scope="col">${t.colCorrelation}</th><th scope="col">${t.colReceived}</th>
      <th scope="col">${t.colExpires}</th><th scope="col">${t.colStatus}</th><th scope="col">${t.colCase}</th></tr></thead>
    <tbody>${events.map((e) => html`<tr key=${e.seq} data-event=${e.event_id} data-status=${e.status}>
      <th scope="row"><code>${e.type}</code></th>
      <td><code>${e.event_id}</code></td>
      <td>${correlationText(e.correlation)}${e.unreadable ? html`<br /><span class="aw-overdue">${t.unreadable(e.unreadable)}</span>` : null}</td>
      <td>${formatDateTime(e.received_at)}</td>
      <td>${formatDateTime(e.expires_at)}</td>
      <td><span class=${`kern-badge kern-badge--${BADGE[e.status] || "info"}`}>${t.bufferedStatus[e.status] || e.status}</span>
        ${e.settled_at ? html` ${t.settledAt(formatDateTime(e.settled_at))}` : null}</td>
      <td>${e.case_id ? html`<${Link} href=${`/vorgang/${encodeURIComponent(e.case_id)}`}>${e.case_id}</${Link}>` : t.none}</td>
    </tr>`)}</tbody>
  </table></div>`;
}

export function BufferedEventsPage({ api }) {
  const [filter, setFilter] = useState({ status: "buffered", type: "" });
  const [draftType, setDraftType] = useState("");
  const list = useCursorList(
    (after) => api.get(`/events/buffered${query({ ...filter, limit: PAGE, after })}`).then((page) => ({ items: page.events, next: page.next })),
    `${filter.status}/${filter.type}`,
  );
  const show = (event) => {
    event.preventDefault();
    setFilter({ ...filter, type: draftType.trim() });
  };
  return html`<h1 class="kern-heading-large">${t.bufferedTitle}</h1>
    <p class="kern-body">${t.bufferedIntro}</p>
    <form class="aw-filters" onSubmit=${show} noValidate>
      <${SelectField} id="buffered-status" label=${t.statusFilter} value=${filter.status} onChange=${(status) => setFilter({ ...filter, status })}
        choices=${[["", t.allStatuses], ...Object.entries(t.bufferedStatus)]} />
      <${TextField} id="buffered-type" label=${t.typeFilter} hint=${t.typeFilterHint} value=${draftType} onInput=${setDraftType} />
      <div class="aw-actions">
        <button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">${t.show}</span></button>
        <button type="button" class="kern-btn kern-btn--secondary" onClick=${list.reload}><span class="kern-label">${t.refresh}</span></button>
      </div>
    </form>
    <h2 class="kern-heading-medium">${t.bufferedCaption}</h2>
    <${PagedList} list=${list} empty=${t.noBuffered} testId="buffered-events">${(items) => html`<${EventTable} events=${items} />`}</${PagedList}>`;
}
