// Verwaltung: Störungen. The tenant's incidents (GET /incidents, open or resolved, 25 a page with
// the API's cursor): the case, what failed, the error, attempts, when; "Erneut versuchen" runs the
// failed command again (POST /incidents/{id}/retry) and says in a live region whether it worked.
import { useState } from "preact/hooks";
import { query } from "../lib/api.js";
import { html } from "../lib/html.js";
import { formatDateTime } from "../lib/format.js";
import { Link } from "../lib/nav.js";
import { PagedList } from "./paged_list.js";
import { StatusAlert } from "./status_alert.js";
import { SelectField } from "./text_field.js";
import { useCursorList } from "./use_cursor_list.js";
import { strings as t } from "./strings.js";

const PAGE = 25;

function IncidentTable({ filter, incidents, onRetry }) {
  const open = filter === "open";
  return html`<div class="aw-table-wrap" tabindex="0" role="region" aria-labelledby="incidents-caption"><table class="kern-table" data-testid="incidents">
    <caption id="incidents-caption" class="kern-sr-only">${t.incidentsCaption(filter)}</caption>
    <thead><tr><th scope="col">${t.colCase}</th><th scope="col">${t.colSource}</th><th scope="col">${t.colError}</th><th scope="col">${t.colAttempts}</th>
      <th scope="col">${t.colOpened}</th><th scope="col">${t.colLastAttempt}</th><th scope="col">${open ? t.colActions : t.colResolved}</th></tr></thead>
    <tbody>${incidents.map((i) => html`<tr key=${i.id} data-incident=${i.id} data-status=${i.status}>
      <th scope="row"><${Link} href=${`/vorgang/${encodeURIComponent(i.case_id)}`}>${i.case_id}</${Link}></th>
      <td>${t.incidentSource[i.source] || i.source}: <code>${i.command}</code></td>
      <td class="aw-changes">${i.error}</td>
      <td>${i.attempts}</td>
      <td>${formatDateTime(i.opened_at)}</td>
      <td>${formatDateTime(i.updated_at)}</td>
      <td>${i.status === "open"
        ? html`<button type="button" class="kern-btn kern-btn--primary" aria-label=${t.retryLabel(i.id, i.case_id)} onClick=${() => onRetry(i)}>
            <span class="kern-label">${t.retry}</span></button>`
        : t.resolvedBy(formatDateTime(i.resolved_at), i.resolved_by, t.resolution[i.resolution] || i.resolution)}</td>
    </tr>`)}</tbody>
  </table></div>`;
}

export function IncidentsPage({ api }) {
  const [filter, setFilter] = useState("open");
  const [status, setStatus] = useState(null);
  const list = useCursorList(
    (after) => api.get(`/incidents${query({ status: filter, limit: PAGE, after })}`).then((page) => ({ items: page.incidents, next: page.next })),
    filter,
  );
  const retry = async (incident) => {
    setStatus(null);
    try {
      const resolved = await api.post(`/incidents/${encodeURIComponent(incident.id)}/retry`, {});
      list.update((i) => (i.id === resolved.id ? resolved : i));
      setStatus({ ok: true, text: resolved.resolution === "obsolete" ? t.retryObsolete(incident.id) : t.retried(incident.id, incident.case_id) });
    } catch (error) {
      // The failed attempt is counted on the incident: show its new state.
      const current = await api.get(`/incidents/${encodeURIComponent(incident.id)}`).catch(() => null);
      if (current) list.update((i) => (i.id === current.id ? current : i));
      setStatus({ ok: false, text: t.retryFailed(incident.id, error.message) });
    }
  };
  return html`<h1 class="kern-heading-large">${t.incidentsTitle}</h1>
    <p class="kern-body">${t.incidentsIntro}</p>
    <div class="aw-filters">
      <${SelectField} id="incident-status" label=${t.statusFilter} value=${filter} onChange=${(value) => (setStatus(null), setFilter(value))}
        choices=${Object.entries(t.incidentStatus)} />
      <div class="aw-actions"><button type="button" class="kern-btn kern-btn--secondary" onClick=${list.reload}><span class="kern-label">${t.refresh}</span></button></div>
    </div>
    <${StatusAlert} status=${status} testId="incidents-status" />
    <h2 class="kern-heading-medium">${t.incidentsCaption(filter)}</h2>
    <${PagedList} list=${list} empty=${t.noIncidents(filter)} testId="incidents">${(items) =>
      html`<${IncidentTable} filter=${filter} incidents=${items} onRetry=${retry} />`}</${PagedList}>`;
}
