// The Vorgang (case file): the case's facts, its open tasks to work, the application rendered
// from the process's form schema, the history timeline, documents and notes, deadlines, incidents
// and the procedure's states with the current one marked (and Graphviz's drawing of them).
import { useEffect, useState } from "preact/hooks";
import { formatDateTime } from "../lib/format.js";
import { html } from "../lib/html.js";
import { useBlobUrl } from "../lib/use_blob_url.js";
import { Link } from "../lib/nav.js";
import { Documents, Notes } from "./case_file.js";
import { History } from "./history.js";
import { Application } from "./readable.js";
import { strings as t } from "./strings.js";
import { TaskPanel } from "./task_panel.js";

function Section({ id, title, children }) {
  return html`<section class="aw-section" aria-labelledby=${id}><h2 class="kern-heading-medium" id=${id}>${title}</h2>${children}</section>`;
}

function visibleToMe(task, me) {
  if (task.status !== "open" && task.status !== "claimed") return false;
  return me.roles.includes("admin") || task.assignee === me.name || me.clerk_groups.includes(task.role);
}

// The case's drawing from the server, its current states marked there (outline, fill, "(aktuell)");
// fetched again when the case changes.
function Diagram({ api, caseId, revision, title, current }) {
  const url = useBlobUrl(() => api.blob(`/cases/${encodeURIComponent(caseId)}/diagram.svg`), `${caseId}@${revision}`);
  return url ? html`<img class="aw-diagram" src=${url} alt=${t.diagramAlt(title, current)} data-testid="diagram" />` : null;
}

function States({ states, current, regions }) {
  const active = new Set([current, ...Object.values(regions || {})]);
  return html`<ol class="kern-list kern-list--number" data-testid="states">
    ${states.map((s) => {
      const isCurrent = active.has(s.state);
      return html`<li key=${s.state} aria-current=${isCurrent ? "step" : undefined}>
        ${isCurrent ? html`<strong>${s.title || s.state} <span class="kern-badge kern-badge--info">${t.stateCurrent}</span></strong>` : s.title || s.state}
        ${s.final ? html` <span class="aw-muted">(${t.stateFinal})</span>` : null}
        ${s.description ? html`<br /><span class="aw-muted">${s.description}</span>` : null}
      </li>`;
    })}
  </ol>`;
}

export function Vorgang({ api, me, caseId, taskId }) {
  const [record, setRecord] = useState(null);
  const [model, setModel] = useState(null);
  const [history, setHistory] = useState([]);
  const [documents, setDocuments] = useState([]);
  const [notes, setNotes] = useState([]);
  const [error, setError] = useState(null);
  const [announcement, setAnnouncement] = useState("");
  const base = `/cases/${encodeURIComponent(caseId)}`;

  const load = async () => {
    try {
      const found = await api.get(base);
      const [form, entries, docs, caseNotes] = await Promise.all([
        model ? Promise.resolve(model) : api.get(`/processes/${encodeURIComponent(found.process)}/form?version=${found.version}`),
        api.get(`${base}/history`),
        api.get(`${base}/documents`),
        api.get(`${base}/notes`).catch(() => ({ notes: [] })),
      ]);
      setRecord(found);
      setModel(form);
      setHistory(entries.history);
      setDocuments(docs.documents);
      setNotes(caseNotes.notes);
    } catch (e) {
      setError(e.message);
    }
  };
  useEffect(() => {
    load();
  }, [caseId]);

  if (error && !record) return html`<h1 class="kern-heading-large">${t.caseTitle(caseId)}</h1>
    <div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body"><p class="kern-body">${error}</p></div></div>
    <p><${Link} href="/postkorb">${t.toPostkorb}</${Link}></p>`;
  if (!record || !model) return html`<h1 class="kern-heading-large">${t.caseTitle(caseId)}</h1><p role="status">${t.loading}</p>`;

  const tasks = record.tasks.filter((task) => visibleToMe(task, me)).sort((a, b) => (a.id === taskId ? -1 : b.id === taskId ? 1 : 0));
  const state = model.states.find((s) => s.state === record.state);
  const stateTitle = (path) => model.states.find((s) => s.state === path)?.title || path;
  // An outcome as people read it: the title of the final state that sets it.
  const outcome = model.states.find((s) => s.final && s.outcome === record.outcome)?.title || record.outcome;
  const requiredKinds = [...new Set(model.states.map((s) => s.task?.requires_document).filter(Boolean))];
  const announce = (text) => setAnnouncement(text);

  return html`<p><${Link} href="/postkorb">${t.toPostkorb}</${Link}></p>
    <h1 class="kern-heading-large">${t.caseTitle(record.id)}</h1>
    <p class="kern-body--large">${model.title}</p>
    <div class="kern-sr-only" aria-live="polite" role="status" data-testid="announcement">${announcement}</div>
    <dl class="aw-dl" data-testid="case-facts">
      <dt>${t.caseStatus}</dt><dd data-testid="case-status">${t.status[record.status] || record.status}</dd>
      <dt>${t.currentState}</dt><dd data-testid="case-state">${state?.title || record.state}${state?.description ? ` – ${state.description}` : ""}</dd>
      <dt>${t.processVersion}</dt><dd data-testid="case-version">${t.versionText(record.version)}</dd>
      ${record.outcome ? html`<dt>${t.outcome}</dt><dd>${outcome}</dd>` : null}
      <dt>${t.received}</dt><dd>${formatDateTime(record.created_at)}</dd>
      <dt>${t.updated}</dt><dd>${formatDateTime(record.updated_at)}</dd>
    </dl>
    <div class="aw-sections">
      <${Section} id="s-aufgabe" title=${t.sectionTask}>
        ${tasks.length
          ? tasks.map((task) => html`<${TaskPanel} key=${`${task.id}-${task.stage}-${task.revision}`} api=${api} me=${me} task=${task} onChanged=${load} announce=${announce} />`)
          : html`<p class="kern-body">${t.noOpenTask}</p>`}
      </${Section}>
      <${Section} id="s-antrag" title=${t.sectionApplication}><${Application} schema=${model.form} data=${record.data} /></${Section}>
      <${Section} id="s-verlauf" title=${t.sectionHistory}><${History} entries=${history} model=${model} tasks=${record.tasks} /></${Section}>
      <${Section} id="s-dokumente" title=${t.sectionDocuments}>
        <${Documents} api=${api} caseId=${record.id} documents=${documents} rules=${model.documents} requiredKinds=${requiredKinds} onChanged=${load} announce=${announce} />
      </${Section}>
      <${Section} id="s-notizen" title=${t.sectionNotes}><${Notes} api=${api} caseId=${record.id} notes=${notes} onChanged=${load} announce=${announce} /></${Section}>
      <${Section} id="s-fristen" title=${t.sectionDeadlines}>
        ${record.timers.length
          ? html`<ul class="kern-list">${record.timers.map((timer) => html`<li key=${timer.id}>${t.timerKind[timer.kind] || timer.kind} (${stateTitle(timer.state)}): ${formatDateTime(timer.due_at)}</li>`)}</ul>`
          : html`<p class="kern-body aw-muted">${t.timersNone}</p>`}
      </${Section}>
      <${Section} id="s-stoerungen" title=${t.sectionIncidents}>
        ${record.incidents.length || record.failures.length
          ? html`<ul class="kern-list">${[...record.incidents, ...record.failures].map((i, n) => html`<li key=${n}>${i.message || i.error || JSON.stringify(i)}</li>`)}</ul>`
          : html`<p class="kern-body aw-muted">${t.incidentsNone}</p>`}
      </${Section}>
      <${Section} id="s-ablauf" title=${t.sectionDiagram}>
        <${States} states=${model.states} current=${record.state} regions=${record.regions} />
        <${Diagram} api=${api} caseId=${record.id} revision=${record.revision} title=${model.title} current=${state?.title || record.state} />
      </${Section}>
    </div>`;
}
