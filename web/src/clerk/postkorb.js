// The Postkorb: the clerk's and the clerk's groups' open tasks from GET /api/v1/tasks, filtered,
// sorted, searched and paged by the server (cursor paging, so thousands of tasks cost one page),
// each task with its case's summary (the applicant) from the same answer: one request a page;
// claim and give back; polled with If-None-Match so it refreshes by itself when tasks change.
// Filters live in the URL, so the browser's back button and bookmarks keep them.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { query } from "../lib/api.js";
import { formatDateTime } from "../lib/format.js";
import { html } from "../lib/html.js";
import { Link, navigate } from "../lib/nav.js";
import { strings as t } from "./strings.js";

const PAGE_SIZE = 25;
const POLL_MS = 10000;

function filtersFrom(params) {
  return {
    gruppe: params.get("gruppe") || "",
    verfahren: params.get("verfahren") || "",
    zuordnung: params.get("zuordnung") || "alle",
    ueberfaellig: params.get("ueberfaellig") === "ja",
    suche: params.get("suche") || "",
    sortierung: params.get("sortierung") === "eingang" ? "eingang" : "frist",
    nach: params.get("nach") || "",
  };
}

function tasksPath(filters, me) {
  return `/tasks${query({
    state: "open,claimed",
    role: filters.gruppe,
    process: filters.verfahren,
    assignee: filters.zuordnung === "mir" ? me.name : "",
    unassigned: filters.zuordnung === "offen" ? "true" : "",
    overdue: filters.ueberfaellig ? "true" : "",
    q: filters.suche,
    sort: filters.sortierung === "eingang" ? "created" : "due",
    limit: PAGE_SIZE,
    after: filters.nach,
  })}`;
}

function urlOf(filters) {
  return `/postkorb${query({
    gruppe: filters.gruppe,
    verfahren: filters.verfahren,
    zuordnung: filters.zuordnung === "alle" ? "" : filters.zuordnung,
    ueberfaellig: filters.ueberfaellig ? "ja" : "",
    suche: filters.suche,
    sortierung: filters.sortierung === "eingang" ? "eingang" : "",
    nach: filters.nach,
  })}`;
}

function FilterForm({ filters, me, processes }) {
  const [draft, setDraft] = useState(filters);
  useEffect(() => setDraft(filters), [JSON.stringify(filters)]);
  const set = (key) => (event) => setDraft({ ...draft, [key]: event.target.type === "checkbox" ? event.target.checked : event.target.value });
  const apply = (event) => {
    event.preventDefault();
    navigate(urlOf({ ...draft, nach: "" }));
  };
  return html`<form class="aw-filters" role="search" aria-label=${t.filters} onSubmit=${apply}>
    <div class="kern-form-input">
      <label class="kern-label" for="f-suche">${t.search}</label>
      <input class="kern-form-input__input" id="f-suche" type="search" value=${draft.suche} onInput=${set("suche")} aria-describedby="f-suche-hint" />
      <div class="kern-hint" id="f-suche-hint">${t.searchHint}</div>
    </div>
    <div class="kern-form-input">
      <label class="kern-label" for="f-gruppe">${t.group}</label>
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select" id="f-gruppe" value=${draft.gruppe} onChange=${set("gruppe")}>
          <option value="">${t.allGroups}</option>
          ${me.clerk_groups.map((g) => html`<option key=${g} value=${g}>${g}</option>`)}
        </select>
      </div>
    </div>
    <div class="kern-form-input">
      <label class="kern-label" for="f-verfahren">${t.process}</label>
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select" id="f-verfahren" value=${draft.verfahren} onChange=${set("verfahren")}>
          <option value="">${t.allProcesses}</option>
          ${Object.entries(processes).map(([id, title]) => html`<option key=${id} value=${id}>${title}</option>`)}
        </select>
      </div>
    </div>
    <div class="kern-form-input">
      <label class="kern-label" for="f-zuordnung">${t.assignment}</label>
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select" id="f-zuordnung" value=${draft.zuordnung} onChange=${set("zuordnung")}>
          <option value="alle">${t.assignmentAll}</option>
          <option value="mir">${t.assignmentMine}</option>
          <option value="offen">${t.assignmentOpen}</option>
        </select>
      </div>
    </div>
    <div class="kern-form-input">
      <label class="kern-label" for="f-sortierung">${t.sort}</label>
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select" id="f-sortierung" value=${draft.sortierung} onChange=${set("sortierung")}>
          <option value="frist">${t.sortDue}</option>
          <option value="eingang">${t.sortCreated}</option>
        </select>
      </div>
    </div>
    <div class="kern-form-check">
      <input class="kern-form-check__checkbox" type="checkbox" id="f-ueberfaellig" checked=${draft.ueberfaellig} onChange=${set("ueberfaellig")} />
      <label class="kern-label" for="f-ueberfaellig">${t.overdueOnly}</label>
    </div>
    <div class="aw-actions">
      <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t.apply}</span></button>
      <${Link} href="/postkorb">${t.reset}</${Link}>
    </div>
  </form>`;
}

function Stage({ task, me }) {
  if (!task.four_eyes) return html`<span aria-label="kein Vier-Augen-Prinzip">${t.stageNone}</span>`;
  if (task.stage === "prepare") return t.stagePrepare;
  return html`${t.stageApprove(task.prepared_by)}${task.prepared_by === me.name ? html`<br /><span class="aw-muted">${t.notYourApproval}</span>` : null}`;
}

function Due({ task }) {
  if (!task.due_at) return html`<span class="aw-muted">${t.noDue}</span>`;
  return html`<span class=${task.overdue ? "aw-overdue" : ""}>${formatDateTime(task.due_at)}${task.overdue ? html` <span class="kern-badge kern-badge--danger">${t.overdue}</span>` : null}</span>`;
}

function TaskRow({ task, me, processes, onAction }) {
  const mine = task.assignee === me.name;
  const ownApproval = task.stage === "approve" && task.prepared_by === me.name;
  return html`<tr class="kern-table__row" data-task=${task.id}>
    <th scope="row" class="kern-table__cell"><${Link} href=${`/vorgang/${encodeURIComponent(task.case_id)}?aufgabe=${encodeURIComponent(task.id)}`}>${task.title}</${Link}></th>
    <td class="kern-table__cell">${processes[task.process] || task.process}</td>
    <td class="kern-table__cell">${task.case_id}</td>
    <td class="kern-table__cell" data-column="applicant">${task.case_summary}</td>
    <td class="kern-table__cell"><${Due} task=${task} /></td>
    <td class="kern-table__cell"><${Stage} task=${task} me=${me} /></td>
    <td class="kern-table__cell">${task.assignee ? (mine ? t.you : task.assignee) : html`<span class="aw-muted">${t.unassigned}</span>`}</td>
    <td class="kern-table__cell">
      ${task.status === "open" && !ownApproval
        ? html`<button class="kern-btn kern-btn--secondary" type="button" aria-label=${t.claimLabel(task.title)} onClick=${() => onAction(task, "claim")}><span class="kern-label">${t.claim}</span></button>`
        : null}
      ${mine ? html`<button class="kern-btn kern-btn--tertiary" type="button" aria-label=${t.unclaimLabel(task.title)} onClick=${() => onAction(task, "unclaim")}><span class="kern-label">${t.unclaim}</span></button>` : null}
    </td>
  </tr>`;
}

export function Postkorb({ api, me, params }) {
  const filters = filtersFrom(params);
  const path = tasksPath(filters, me);
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [processes, setProcesses] = useState({});
  const [announcement, setAnnouncement] = useState("");
  const etag = useRef(null);
  const history = useRef([]); // cursors of the pages before this one
  const firstShown = useRef(false);

  // Started with the tasks' request (a layout effect, before the first paint), not after it.
  useLayoutEffect(() => {
    api.get("/processes").then((body) => {
      const titles = {};
      for (const p of body.processes) titles[p.process] = p.title;
      setProcesses(titles);
    }, () => {});
  }, []);

  const load = async (quiet) => {
    try {
      const answer = await api.getConditional(path, quiet ? etag.current : null);
      if (answer.notModified) return;
      etag.current = answer.etag;
      setPage(answer.data);
      setError(null);
      if (quiet) setAnnouncement(t.refreshed);
    } catch (e) {
      setError(e.message);
    }
  };

  // A layout effect: the request starts as soon as the page is in the DOM, not a frame later.
  useLayoutEffect(() => {
    etag.current = null;
    setPage(null);
    load(false);
    const timer = setInterval(() => document.visibilityState === "visible" && load(true), POLL_MS);
    return () => clearInterval(timer);
  }, [path]);

  // The first page's time from navigation start, for the performance figure of the browser test.
  useEffect(() => {
    if (page && !firstShown.current) {
      firstShown.current = true;
      document.body.dataset.postkorbMs = String(Math.round(performance.now()));
      performance.mark("postkorb-first-page"); // for a browser's profiler
    }
  }, [page]);

  const act = async (task, action) => {
    try {
      await api.post(`/tasks/${encodeURIComponent(task.id)}/${action}`, {});
      setAnnouncement(action === "claim" ? t.claimed(task.title) : t.unclaimed(task.title));
      await load(false);
    } catch (e) {
      setError(`${t.actionFailed} ${e.message}`);
    }
  };
  const goNext = () => {
    history.current.push(filters.nach);
    navigate(urlOf({ ...filters, nach: page.next }));
  };
  const goPrevious = () => navigate(urlOf({ ...filters, nach: history.current.pop() || "" }));
  const tasks = page?.tasks || [];

  return html`<h1 class="kern-heading-large">${t.postkorb}</h1>
    <${FilterForm} filters=${filters} me=${me} processes=${processes} />
    <div class="kern-sr-only" aria-live="polite" role="status">${announcement}</div>
    ${error ? html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body"><p class="kern-body">${error}</p></div></div>` : null}
    ${!page && !error ? html`<p role="status">${t.loading}</p>` : null}
    ${page
      ? html`<p class="kern-body" id="postkorb-count">${t.count(tasks.length, Boolean(page.next))}</p>
        <div class="aw-table-wrap" tabindex="0" role="region" aria-labelledby="postkorb-caption">
          <table class="kern-table kern-table--striped" data-testid="postkorb">
            <caption id="postkorb-caption" class="kern-sr-only">${t.tasksCaption}</caption>
            <thead class="kern-table__header"><tr class="kern-table__row">
              <th scope="col" class="kern-table__header">${t.colTask}</th>
              <th scope="col" class="kern-table__header">${t.colProcess}</th>
              <th scope="col" class="kern-table__header">${t.colCase}</th>
              <th scope="col" class="kern-table__header">${t.colApplicant}</th>
              <th scope="col" class="kern-table__header">${t.colDue}</th>
              <th scope="col" class="kern-table__header">${t.colStage}</th>
              <th scope="col" class="kern-table__header">${t.colAssignee}</th>
              <th scope="col" class="kern-table__header">${t.colActions}</th>
            </tr></thead>
            <tbody class="kern-table__body">
              ${tasks.length
                ? tasks.map((task) => html`<${TaskRow} key=${task.id} task=${task} me=${me} processes=${processes} onAction=${act} />`)
                : html`<tr class="kern-table__row"><td class="kern-table__cell" colspan="8">${t.noTasks}</td></tr>`}
            </tbody>
          </table>
        </div>
        <nav class="aw-pager" aria-label="Seiten">
          ${filters.nach ? html`<button class="kern-btn kern-btn--secondary" type="button" onClick=${goPrevious}><span class="kern-label">${t.previous}</span></button>` : null}
          ${page.next ? html`<button class="kern-btn kern-btn--secondary" type="button" onClick=${goNext}><span class="kern-label">${t.next}</span></button>` : null}
        </nav>`
      : null}`;
}
