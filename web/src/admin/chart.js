// One chart of the Statistik page: an Observable Plot drawing (SVG) with its accessible name, the
// same figures as a real table under <details>, and a CSV download of that table.
//
// Plot puts one <style> element into each drawing (display: block, max-width: 100%, ...); the
// CSP's style-src 'self' refuses inline style elements, so it is removed while the drawing is not
// yet in the page (a detached <style> is never applied, so no violation is raised) and the same
// rules are in styles.css under the class `aw-plot`. Plot sets no style attributes.
import * as Plot from "@observablehq/plot";
import { useEffect, useRef } from "preact/hooks";
import { html } from "../lib/html.js";
import { strings as t } from "./statistik_strings.js";

// CSV for Excel in German settings: semicolons, a BOM so that umlauts are read as UTF-8.
function csvText(columns, rows) {
  const cell = (value) => {
    const text = value === null || value === undefined ? "" : String(value);
    return /[";\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [columns.map((c) => cell(c.label)).join(";")];
  for (const row of rows) lines.push(columns.map((c) => cell(c.csv ? c.csv(row) : row[c.key])).join(";"));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

// The drawing of `options` (Plot.plot's), drawn again whenever `options` changes.
function Drawing({ options, label }) {
  const box = useRef(null);
  useEffect(() => {
    const svg = Plot.plot({ className: "aw-plot", ariaLabel: label, ariaDescription: t.chartDescription, ...options });
    for (const style of svg.querySelectorAll("style")) style.remove();
    // Plot names each mark's group ("rect", "line"); a <g> without a role may not carry a name
    // (axe: aria-prohibited-attr), and inside role=img nothing below the drawing is read anyway.
    for (const part of svg.querySelectorAll("[aria-label], [aria-description]")) {
      part.removeAttribute("aria-label");
      part.removeAttribute("aria-description");
    }
    svg.setAttribute("role", "img");
    box.current.replaceChildren(svg);
    return () => svg.remove();
  }, [options, label]);
  return html`<div class="aw-chart" ref=${box}></div>`;
}

// columns: [{key, label, format?(row), csv?(row), numeric?}]; `plot`: Plot options, or null to
// show the table only (e.g. nothing to draw).
export function Chart({ id, title, note, plot, columns, rows, csvName, legend }) {
  const cellOf = (c, row) => (c.format ? c.format(row) : row[c.key]);
  return html`<section class="aw-chart-section" aria-labelledby=${id} data-testid=${id}>
    <h2 class="kern-heading-medium" id=${id}>${title}</h2>
    ${note ? html`<p class="kern-body">${note}</p>` : null}
    ${rows.length === 0
      ? html`<p class="kern-body">${t.empty}</p>`
      : html`${plot ? html`<${Drawing} options=${plot} label=${title} />` : null}
        ${legend}
        <details class="aw-chart-table">
          <summary>${t.table}</summary>
          <div class="aw-table-wrap"><table class="kern-table">
            <caption>${title}</caption>
            <thead><tr>${columns.map((c) => html`<th scope="col" key=${c.key} class=${c.numeric ? "aw-number" : undefined}>${c.label}</th>`)}</tr></thead>
            <tbody>${rows.map((row, i) => html`<tr key=${i}>${columns.map((c, j) =>
              j === 0 ? html`<th scope="row" key=${c.key}>${cellOf(c, row)}</th>` : html`<td key=${c.key} class=${c.numeric ? "aw-number" : undefined}>${cellOf(c, row)}</td>`)}</tr>`)}</tbody>
          </table></div>
        </details>
        <p><button class="kern-btn kern-btn--secondary" type="button" onClick=${() => download(csvName, csvText(columns, rows))}>
          <span class="kern-label">${t.csv}</span>
        </button></p>`}
  </section>`;
}

// A legend for a chart coloured by category, as a list (Plot's own legends bring a <style> too).
export function Legend({ items }) {
  return html`<ul class="aw-legend">${items.map(([label, colour]) => html`<li key=${label}>
    <svg width="14" height="14" aria-hidden="true" focusable="false"><rect width="14" height="14" fill=${colour} /></svg>${label}
  </li>`)}</ul>`;
}
