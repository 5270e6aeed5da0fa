// The eAkte's history as a timeline a clerk reads: each entry summarised in German (who did what,
// the state change, the data that changed, with the labels of the process's and the task's form
// schemas), the raw entry still one click away; and whether the hash chain links (each entry names
// its predecessor's hash).
import { formatDateTime } from "../lib/format.js";
import { html } from "../lib/html.js";
import { labelOf } from "../lib/schema.js";
import { valueText } from "./readable.js";
import { strings as t } from "./strings.js";

function chainBreak(entries) {
  for (let i = 1; i < entries.length; ++i) if (entries[i].prev_hash !== entries[i - 1].hash) return entries[i].seq;
  return null;
}

// What the summaries need to name things: the process's form schema, the states' titles and the
// tasks' titles and forms (a task's form from the case's task record, else from its state).
function namingOf(model, tasks) {
  const states = new Map(model.states.map((s) => [s.state, s]));
  const taskById = new Map((tasks || []).map((task) => [task.id, task]));
  return {
    state: (name) => states.get(name)?.title || name,
    task: (id) => taskById.get(id),
    taskForm: (id) => taskById.get(id)?.form || states.get(taskById.get(id)?.state)?.task?.form || null,
    field: (name) => model.form?.properties?.[name] || null,
  };
}

// "Entscheidung = Urkunde ausstellen; Begründung = …" from a task's form data and schema.
function decisionText(data, schema) {
  if (!data || typeof data !== "object") return "";
  return Object.entries(data)
    .map(([name, value]) => {
      const field = schema?.properties?.[name];
      return `${labelOf(field, name)} = ${valueText(name, field, value)}`;
    })
    .join("; ");
}

// The headline of one entry: who did what, in German.
export function summaryOf(entry, naming) {
  const d = entry.detail || {};
  const taskTitle = d.title || naming.task(d.task_id)?.title || t.history.someTask;
  const decision = decisionText(d.data, naming.taskForm(d.task_id));
  const what = t.history.events[entry.event];
  const aboutTask = entry.event.startsWith("task.");
  // A closed task is recorded twice: the task's own entry (with its id), then the case's step.
  if (aboutTask && !d.task_id) return t.history.taskFollowUp[entry.event] || t.history.taskFollowUp.other;
  // The steps a new case takes by itself right after it arrived (its `always` decisions).
  if (entry.event === "case.started" && entry.from) return t.history.automaticStep;
  if (what) return what({ task: taskTitle, actor: entry.actor, decision, detail: d });
  return t.history.otherEvent(entry.event, entry.actor);
}

function changeLines(changes, naming) {
  return Object.entries(changes || {}).map(([name, pair]) => {
    const [before, after] = Array.isArray(pair) ? pair : [null, pair];
    const field = naming.field(name);
    const label = field ? labelOf(field, name) : t.extraLabels[name] || name;
    const text = (value) => (value === null || value === undefined ? "–" : valueText(name, field, value));
    return before === null || before === undefined ? `${label}: ${text(after)}` : `${label}: ${text(before)} → ${text(after)}`;
  });
}

function Entry({ entry, naming }) {
  const moved = entry.from !== entry.to && entry.to;
  const changes = changeLines(entry.changes, naming);
  return html`<li>
    <p class="kern-body--bold" data-testid="history-summary">${summaryOf(entry, naming)}</p>
    <p class="kern-body">${formatDateTime(entry.at)} · ${entry.actor}</p>
    ${moved ? html`<p class="kern-body">${t.history.stateChange(entry.from ? naming.state(entry.from) : "–", naming.state(entry.to))}</p>` : null}
    ${changes.length ? html`<ul class="aw-changes">${changes.map((line, i) => html`<li key=${i}>${line}</li>`)}</ul>` : null}
    <details>
      <summary>${t.history.raw}</summary>
      <dl class="aw-dl aw-raw">
        <dt>${t.history.rawEvent}</dt><dd><code>${entry.event}</code></dd>
        <dt>${t.history.rawStates}</dt><dd><code>${entry.from || "–"} → ${entry.to || "–"}</code></dd>
        <dt>${t.history.rawChanges}</dt><dd><code>${JSON.stringify(entry.changes ?? {})}</code></dd>
        <dt>${t.history.rawDetail}</dt><dd><code>${JSON.stringify(entry.detail ?? {})}</code></dd>
        <dt>${t.history.rawHash}</dt><dd><code>${entry.hash}</code></dd>
      </dl>
    </details>
  </li>`;
}

export function History({ entries, model, tasks }) {
  const broken = chainBreak(entries);
  const naming = namingOf(model, tasks);
  return html`<div class=${`kern-alert ${broken ? "kern-alert--danger" : "kern-alert--success"}`} role="status">
      <div class="kern-alert__body"><p class="kern-body">${broken ? t.historyChainBroken(broken) : t.historyChainOk(entries.length)}</p></div>
    </div>
    <ol class="aw-timeline" data-testid="history">
      ${entries.map((e) => html`<${Entry} key=${e.seq} entry=${e} naming=${naming} />`)}
    </ol>`;
}
