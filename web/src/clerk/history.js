// The eAkte's history as a timeline: who, when, which event, from which state to which, what data
// changed; and whether the hash chain links (each entry names its predecessor's hash).
import { formatDateTime } from "../lib/format.js";
import { html } from "../lib/html.js";
import { strings as t } from "./strings.js";

function chainBreak(entries) {
  for (let i = 1; i < entries.length; ++i) if (entries[i].prev_hash !== entries[i - 1].hash) return entries[i].seq;
  return null;
}

function Changes({ changes }) {
  const list = Array.isArray(changes) ? changes : changes && typeof changes === "object" ? Object.entries(changes).map(([path, value]) => ({ path, value })) : [];
  if (!list.length) return html`<span class="aw-muted">${t.noChanges}</span>`;
  return html`<ul class="aw-changes">${list.map((c, i) => html`<li key=${i}>${c.path ?? c.op ?? ""}: ${JSON.stringify(c.value ?? c.to ?? c)}</li>`)}</ul>`;
}

export function History({ entries }) {
  const broken = chainBreak(entries);
  return html`<div class=${`kern-alert ${broken ? "kern-alert--danger" : "kern-alert--success"}`} role="status">
      <div class="kern-alert__body"><p class="kern-body">${broken ? t.historyChainBroken(broken) : t.historyChainOk(entries.length)}</p></div>
    </div>
    <ol class="aw-timeline" data-testid="history">
      ${entries.map(
        (e) => html`<li key=${e.seq}>
          <p class="kern-body--bold">${e.event}${e.from || e.to ? html` <span class="aw-muted">(${e.from || "–"} → ${e.to || "–"})</span>` : null}</p>
          <p class="kern-body">${formatDateTime(e.at)} · ${e.actor}</p>
          <details><summary>${t.historyEntry.changes}</summary><${Changes} changes=${e.changes} /></details>
        </li>`,
      )}
    </ol>`;
}
