// One open task in the Vorgang: its facts, claim / give back / delegate, and the decision form
// rendered from the task's JSON Schema (complete). A four-eyes approval shows the prepared decision
// to approve or return — and is not offered to the clerk who prepared it.
import { useState } from "preact/hooks";
import { ApiError } from "../lib/api.js";
import { formatDateTime } from "../lib/format.js";
import { html } from "../lib/html.js";
import { ErrorSummary, SchemaFields } from "../lib/schema_form.js";
import { useSchemaForm } from "../lib/use_schema_form.js";
import { Decision } from "./readable.js";
import { strings as t } from "./strings.js";

function Button({ kind = "secondary", onClick, children, type = "button", ...rest }) {
  return html`<button class=${`kern-btn kern-btn--${kind}`} type=${type} onClick=${onClick} ...${rest}><span class="kern-label">${children}</span></button>`;
}

function DecisionForm({ task, onComplete }) {
  const schema = task.form || { type: "object", properties: {} };
  const form = useSchemaForm(schema);
  const prefix = `aufgabe-${task.id}`;
  const submit = async (event) => {
    event.preventDefault();
    const data = form.attempt();
    if (!data) return;
    const error = await onComplete(data);
    if (error instanceof ApiError && error.status === 422) form.showServerErrors(error.details);
  };
  return html`<form noValidate onSubmit=${submit} aria-label=${task.title}>
    <${ErrorSummary} schema=${schema} errors=${form.summary} prefix=${prefix} />
    <${SchemaFields} schema=${schema} data=${form.data} errors=${form.errors} prefix=${prefix} onValue=${form.onValue} onBlur=${form.onBlur} />
    <div class="aw-actions"><${Button} kind="primary" type="submit">${t.complete}</${Button}></div>
  </form>`;
}

function DelegateForm({ onDelegate, taskId }) {
  const [to, setTo] = useState("");
  const id = `delegate-${taskId}`;
  return html`<form class="aw-actions" onSubmit=${(e) => { e.preventDefault(); if (to.trim()) onDelegate(to.trim()); }}>
    <div class="kern-form-input">
      <label class="kern-label" for=${id}>${t.delegateTo}</label>
      <input class="kern-form-input__input" id=${id} value=${to} onInput=${(e) => setTo(e.target.value)} autocomplete="off" />
    </div>
    <${Button} type="submit">${t.delegate}</${Button}>
  </form>`;
}

export function TaskPanel({ api, me, task, onChanged, announce }) {
  const [error, setError] = useState(null);
  const mine = task.assignee === me.name;
  const heldByOther = task.status === "claimed" && !mine;
  const approving = task.four_eyes && task.stage === "approve";
  const ownApproval = approving && task.prepared_by === me.name;

  const run = async (action, body, message) => {
    setError(null);
    try {
      const result = await api.post(`/tasks/${encodeURIComponent(task.id)}/${action}`, body);
      announce(typeof message === "function" ? message(result) : message);
      onChanged();
      return null;
    } catch (e) {
      setError(`${t.actionFailed} ${e.message}`);
      return e;
    }
  };
  const completed = (result) =>
    result.status === "completed" ? t.completed : result.stage === "approve" ? t.sentForApproval : t.returned;

  return html`<section class="kern-card" aria-labelledby=${`task-${task.id}`} data-task=${task.id}>
    <div class="kern-card__container"><div class="kern-card__body">
      <h3 class="kern-heading-medium" id=${`task-${task.id}`}>${task.title}</h3>
      <dl class="aw-dl">
        <dt>${t.due}</dt><dd>${task.due_at ? formatDateTime(task.due_at) : t.noDue}${task.overdue ? html` <span class="kern-badge kern-badge--danger">${t.overdue}</span>` : null}</dd>
        <dt>${t.assignee}</dt><dd>${task.assignee ? (mine ? t.you : task.assignee) : t.unassigned} (${t.taskStatus[task.status] || task.status})</dd>
        ${task.four_eyes ? html`<dt>${t.colStage}</dt><dd>${task.stage === "prepare" ? t.stagePrepare : t.stageApprove(task.prepared_by)}</dd>` : null}
      </dl>
      ${error ? html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body"><p class="kern-body">${error}</p></div></div>` : null}
      <div class="aw-actions">
        ${task.status === "open" && !ownApproval ? html`<${Button} onClick=${() => run("claim", {}, t.claimed(task.title))}>${t.claim}</${Button}>` : null}
        ${mine ? html`<${Button} kind="tertiary" onClick=${() => run("unclaim", {}, t.unclaimed(task.title))}>${t.unclaim}</${Button}>` : null}
      </div>
      ${ownApproval ? html`<div class="kern-alert kern-alert--info" role="note"><div class="kern-alert__body"><p class="kern-body">${t.ownPreparation}</p></div></div>` : null}
      ${approving && !ownApproval && !heldByOther
        ? html`<p class="kern-body">${t.prepared(task.prepared_by)}</p>
          <h4 class="kern-body--bold">${t.preparedDecision}</h4>
          <${Decision} schema=${task.form} data=${task.prepared_data} />
          <div class="aw-actions">
            <${Button} kind="primary" onClick=${() => run("complete", { data: {} }, completed)}>${t.approve}</${Button}>
            <${Button} onClick=${() => run("complete", { data: { approved: false } }, completed)}>${t.returnToPreparer}</${Button}>
          </div>`
        : null}
      ${!approving && !heldByOther ? html`<${DecisionForm} task=${task} onComplete=${(data) => run("complete", { data }, completed)} />` : null}
      ${!heldByOther && !ownApproval ? html`<${DelegateForm} taskId=${task.id} onDelegate=${(to) => run("delegate", { to }, t.delegated(to))} />` : null}
    </div></div>
  </section>`;
}
