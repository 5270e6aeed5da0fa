// Verwaltung: Statistik, the dashboard over GET /api/v1/stats: key figures, applications over
// time, where cases stop (the drop-off funnel), lead times, tasks per group and clerk, and the
// dimensions a definition declares (payment methods). The selection lives in the URL
// (?verfahren=&von=&bis=&gruppe=), so a view can be bookmarked and reloaded.
import * as Plot from "@observablehq/plot";
import { useState } from "preact/hooks";
import { query } from "../lib/api.js";
import { formatDate, formatMoney } from "../lib/format.js";
import { html } from "../lib/html.js";
import { navigate } from "../lib/nav.js";
import { Chart, Legend } from "./chart.js";
import { Loading, useLoad } from "./processes.js";
import { strings as t } from "./statistik_strings.js";

const DROPPED = "#a4141c";
const STALLED = "#5a6fb5";
const BAR = "#0b3d91";
const number = (n) => n.toLocaleString("de-DE");
const sum = (object) => Object.values(object).reduce((a, b) => a + b, 0);

// A period's first day as a UTC date (Plot's time axis draws dates in UTC) and its label.
const day = (iso) => new Date(`${iso}T00:00:00Z`);
const monthFormat = new Intl.DateTimeFormat("de-DE", { month: "short", year: "numeric", timeZone: "UTC" });
function periodLabel(iso, group) {
  if (group === "month") return monthFormat.format(day(iso));
  return group === "week" ? `Woche ab ${formatDate(iso)}` : formatDate(iso);
}

function Filters({ processes, selection }) {
  const [draft, setDraft] = useState(selection);
  const set = (key) => (event) => setDraft({ ...draft, [key]: event.currentTarget.value });
  const apply = (event) => {
    event.preventDefault();
    navigate(`/verwaltung/statistik${query(draft)}`);
  };
  const field = (id, label, input) => html`<div class="kern-form-input">
    <label class="kern-label" for=${id}>${label}</label>${input}</div>`;
  return html`<form class="aw-filters" aria-label=${t.filters} onSubmit=${apply}>
    ${field("s-verfahren", t.process, html`<div class="kern-form-input__select-wrapper">
      <select class="kern-form-input__select" id="s-verfahren" value=${draft.verfahren} onChange=${set("verfahren")}>
        <option value="">${t.allProcesses}</option>
        ${processes.map((p) => html`<option key=${p.process} value=${p.process}>${p.title}</option>`)}
      </select></div>`)}
    ${field("s-von", t.from, html`<input class="kern-form-input__input" id="s-von" type="date" value=${draft.von} onInput=${set("von")} aria-describedby="s-daten-hint" />`)}
    ${field("s-bis", t.to, html`<input class="kern-form-input__input" id="s-bis" type="date" value=${draft.bis} onInput=${set("bis")} aria-describedby="s-daten-hint" />`)}
    ${field("s-gruppe", t.group, html`<div class="kern-form-input__select-wrapper">
      <select class="kern-form-input__select" id="s-gruppe" value=${draft.gruppe} onChange=${set("gruppe")}>
        ${Object.entries(t.groups).map(([value, label]) => html`<option key=${value} value=${value}>${label}</option>`)}
      </select></div>`)}
    <div class="aw-actions"><button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t.show}</span></button></div>
    <p class="kern-hint aw-filters__hint" id="s-daten-hint">${t.datesHint}</p>
  </form>`;
}

function KeyFigures({ stats }) {
  const { totals, lead_time: lead, tasks } = stats;
  const item = (label, value, testid) => html`<div class="aw-figure" data-testid=${testid}><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<h2 class="kern-heading-medium">${t.keyFigures}</h2>
    <dl class="aw-figures" data-testid="key-figures">
      ${item(t.started, number(totals.started), "figure-started")}
      ${Object.entries(totals.completed).map(([outcome, n]) => item(t.outcome(outcome), number(n), `figure-outcome-${outcome}`))}
      ${item(t.cancelled, number(totals.cancelled), "figure-cancelled")}
      ${item(t.open, number(totals.open), "figure-open")}
      ${item(t.leadMedian, t.hours(lead.median_hours), "figure-lead-median")}
      ${item(t.leadP90, t.hours(lead.p90_hours), "figure-lead-p90")}
      ${item(t.overdue, number(tasks.overdue), "figure-overdue")}
    </dl>`;
}

function Timeline({ stats }) {
  const rows = stats.periods.map((p, i) => ({
    ...p,
    label: periodLabel(p.start, stats.group),
    finished: sum(p.completed) + p.cancelled,
    x1: day(p.start),
    x2: i + 1 < stats.periods.length ? day(stats.periods[i + 1].start) : day(stats.to),
  }));
  const plot = {
    x: { type: "utc", label: null },
    y: { grid: true, label: t.colStarted },
    marks: [
      Plot.rectY(rows, { x1: "x1", x2: "x2", y: "started", fill: BAR, insetLeft: 1, insetRight: 1 }),
      Plot.lineY(rows, { x: "x1", y: "finished", stroke: DROPPED, strokeWidth: 2, curve: "step-after" }),
      Plot.ruleY([0]),
    ],
  };
  return html`<${Chart} id="chart-timeline" title=${t.timeline} note=${t.timelineNote} plot=${plot} rows=${rows}
    csvName="antraege.csv" columns=${[
      { key: "start", label: t.colPeriod, format: (r) => r.label, csv: (r) => r.start },
      { key: "started", label: t.colStarted, numeric: true },
      { key: "finished", label: t.colFinished, numeric: true },
      { key: "cancelled", label: t.colCancelled, numeric: true },
    ]} legend=${html`<${Legend} items=${[[t.colStarted, BAR], [t.colFinished, DROPPED]]} />`} />`;
}

function Funnel({ stats }) {
  if (!stats.process) return html`<section><h2 class="kern-heading-medium">${t.funnel}</h2><p class="kern-body">${t.funnelNeedsProcess}</p></section>`;
  const rows = stats.funnel;
  const order = rows.map((r) => r.state);
  const long = rows.flatMap((r) => [
    { state: r.state, kind: t.colDropped, count: r.dropped },
    { state: r.state, kind: t.colStalled, count: r.stalled },
  ]);
  const plot = {
    marginLeft: 150,
    x: { grid: true, label: t.colCases },
    y: { domain: order, label: null },
    color: { domain: [t.colDropped, t.colStalled], range: [DROPPED, STALLED] },
    marks: [Plot.barX(long, { x: "count", y: "state", fill: "kind" }), Plot.ruleX([0])],
  };
  return html`<${Chart} id="chart-funnel" title=${t.funnel} note=${t.funnelNote(stats.stalled_after_days)} plot=${plot}
    rows=${rows} csvName="abbrueche.csv" columns=${[
      { key: "state", label: t.colState },
      { key: "dropped", label: t.colDropped, numeric: true },
      { key: "stalled", label: t.colStalled, numeric: true },
    ]} legend=${html`<${Legend} items=${[[t.colDropped, DROPPED], [t.colStalled, STALLED]]} />`} />`;
}

function LeadTime({ stats }) {
  const rows = stats.lead_time.days;
  const plot = {
    x: { label: t.colDays },
    y: { grid: true, label: t.colCases },
    marks: [Plot.rectY(rows, Plot.binX({ y: "sum" }, { x: "days", y: "cases", fill: BAR, insetLeft: 1 })), Plot.ruleY([0])],
  };
  return html`<${Chart} id="chart-lead-time" title=${t.leadTime} note=${t.leadTimeNote} plot=${plot} rows=${rows}
    csvName="bearbeitungsdauer.csv" columns=${[
      { key: "days", label: t.colDays },
      { key: "cases", label: t.colCases, numeric: true },
    ]} />`;
}

function Tasks({ stats }) {
  const groups = stats.tasks.groups;
  const long = groups.flatMap((g) => [
    { group: g.group, kind: t.colOverdue, count: g.overdue },
    { group: g.group, kind: t.colOpen, count: g.open - g.overdue },
  ]);
  const plot = {
    marginLeft: 150,
    x: { grid: true, label: t.colOpen },
    y: { label: null },
    color: { domain: [t.colOverdue, t.colOpen], range: [DROPPED, STALLED] },
    marks: [Plot.barX(long, { x: "count", y: "group", fill: "kind" }), Plot.ruleX([0])],
  };
  return html`<${Chart} id="chart-tasks" title=${t.tasks} note=${t.tasksNote} plot=${plot} rows=${groups}
      csvName="aufgaben.csv" columns=${[
        { key: "group", label: t.colGroup },
        { key: "open", label: t.colOpen, numeric: true },
        { key: "overdue", label: t.colOverdue, numeric: true },
        { key: "completed", label: t.colCompleted, numeric: true },
        { key: "median_hours", label: t.colMedian, format: (r) => t.hours(r.median_hours), csv: (r) => r.median_hours },
      ]} legend=${html`<${Legend} items=${[[t.colOverdue, DROPPED], [t.colOpen, STALLED]]} />`} />
    <${Chart} id="chart-clerks" title=${t.clerks} plot=${null} rows=${stats.tasks.clerks} csvName="sachbearbeitung.csv"
      columns=${[
        { key: "clerk", label: t.colClerk },
        { key: "completed", label: t.colCompleted, numeric: true },
        { key: "median_hours", label: t.colMedian, format: (r) => t.hours(r.median_hours), csv: (r) => r.median_hours },
      ]} />`;
}

function Dimensions({ stats }) {
  const entries = Object.entries(stats.dimensions);
  if (!entries.length)
    return stats.process ? html`<section><h2 class="kern-heading-medium">${t.dimension("payment_method")}</h2><p class="kern-body">${t.noDimensions}</p></section>` : null;
  return entries.map(([name, values]) => {
    const plot = {
      marginLeft: 120,
      x: { grid: true, label: t.colCases },
      y: { domain: values.map((v) => v.value), label: null },
      marks: [Plot.barX(values, { x: "cases", y: "value", fill: BAR }), Plot.ruleX([0])],
    };
    return html`<${Chart} key=${name} id=${`chart-dimension-${name}`} title=${t.dimension(name)} note=${t.dimensionNote} plot=${plot}
      rows=${values} csvName=${`${name}.csv`} columns=${[
        { key: "value", label: t.colValue },
        { key: "cases", label: t.colCases, numeric: true },
        // Only a definition with stats.amount has amounts to show.
        ...(values.some((v) => v.amount !== 0)
          ? [{ key: "amount", label: t.colAmount, numeric: true, format: (r) => formatMoney(r.amount), csv: (r) => r.amount.toFixed(2).replace(".", ",") }]
          : []),
      ]} />`;
  });
}

// The newest version of each process the tenant uses, by title.
function processChoices(definitions) {
  const latest = new Map();
  for (const d of definitions) if (!latest.has(d.process) || latest.get(d.process).version < d.version) latest.set(d.process, d);
  return [...latest.values()].sort((a, b) => a.title.localeCompare(b.title, "de"));
}

export function StatistikPage({ api, url }) {
  const selection = {
    verfahren: url.searchParams.get("verfahren") || "",
    von: url.searchParams.get("von") || "",
    bis: url.searchParams.get("bis") || "",
    gruppe: url.searchParams.get("gruppe") || "month",
  };
  const processes = useLoad(() => api.get("/processes"), "processes");
  const stats = useLoad(
    () => api.get(`/stats${query({ process: selection.verfahren, from: selection.von, to: selection.bis, group: selection.gruppe })}`),
    url.search,
  );
  return html`<h1 class="kern-heading-large">${t.title}</h1>
    <p class="kern-body">${t.intro}</p>
    <${Loading} result=${processes}>${(data) => html`<${Filters} key=${url.search} processes=${processChoices(data.processes)} selection=${selection} />`}</${Loading}>
    <${Loading} result=${stats}>${(data) => html`<p class="kern-body" role="status" data-testid="stats-range">${t.range(formatDate(data.from), formatDate(data.to))}</p>
      <${KeyFigures} stats=${data} />
      <${Timeline} stats=${data} />
      <${Funnel} stats=${data} />
      <${LeadTime} stats=${data} />
      <${Tasks} stats=${data} />
      <${Dimensions} stats=${data} />`}</${Loading}>`;
}
