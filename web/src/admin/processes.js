// Verwaltung: Verfahren. The list of the processes the admin's tenant uses (GET /processes, one
// entry per version), and one process: its versions, the YAML of the chosen one, its drawing,
// the tenant's cases per state and the tenant's parameters.
import { useEffect, useState } from "preact/hooks";
import { html } from "../lib/html.js";
import { useBlobUrl } from "../lib/use_blob_url.js";
import { formatDateTime } from "../lib/format.js";
import { Link } from "../lib/nav.js";
import { Params } from "./params.js";
import { strings as t } from "./strings.js";

// Runs `load()` once per `key`: null while it runs, then {data} or {error}.
export function useLoad(load, key) {
  const [result, setResult] = useState(null);
  useEffect(() => {
    let live = true;
    setResult(null);
    load().then((data) => live && setResult({ data }), (error) => live && setResult({ error }));
    return () => (live = false);
  }, [key]);
  return result;
}

export function Loading({ result, children }) {
  if (!result) return html`<p role="status">${t.loading}</p>`;
  if (result.error) return html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body"><p class="kern-body">${t.loadFailed(result.error.message)}</p></div></div>`;
  return children(result.data);
}

// The newest version of each process, in title order.
function latestVersions(definitions) {
  const latest = new Map();
  for (const d of definitions) if (!latest.has(d.process) || latest.get(d.process).version < d.version) latest.set(d.process, d);
  return [...latest.values()].sort((a, b) => a.title.localeCompare(b.title, "de"));
}

export function ProcessList({ api }) {
  const result = useLoad(() => api.get("/processes"), "list");
  return html`<h1 class="kern-heading-large">${t.processesTitle}</h1>
    <p class="kern-body">${t.processesIntro}</p>
    <p><${Link} href="/verwaltung/bereitstellen">${t.deployNew}</${Link}></p>
    <${Loading} result=${result}>${(data) => {
      const rows = latestVersions(data.processes);
      if (!rows.length) return html`<p class="kern-body">${t.noProcesses}</p>`;
      return html`<div class="aw-table-wrap"><table class="kern-table" data-testid="processes">
        <thead><tr><th scope="col">${t.colProcess}</th><th scope="col">${t.colId}</th><th scope="col">${t.colVersion}</th><th scope="col">${t.colScope}</th></tr></thead>
        <tbody>${rows.map((d) => html`<tr key=${d.process}>
          <td><${Link} href=${`/verwaltung/verfahren/${encodeURIComponent(d.process)}`}>${d.title}</${Link}></td>
          <td><code>${d.process}</code></td><td>${d.version}</td><td>${d.shared ? t.shared : t.own}</td>
        </tr>`)}</tbody>
      </table></div>`;
    }}</${Loading}>`;
}

// The process's drawing from the server, as an image.
function Diagram({ api, id, title, revision }) {
  const url = useBlobUrl(() => api.blob(`/processes/${encodeURIComponent(id)}/diagram.svg`), `${id}@${revision}`);
  return url ? html`<img class="aw-diagram" src=${url} alt=${t.diagramAlt(title)} data-testid="process-diagram" />` : null;
}

function Source({ api, id, version }) {
  const result = useLoad(() => api.text(`/processes/${encodeURIComponent(id)}/versions/${version}`), `${id}/${version}`);
  return html`<h2 class="kern-heading-medium" id="quelltext">${t.source(version)}</h2>
    <${Loading} result=${result}>${(text) => html`<pre class="aw-source" tabindex="0" aria-labelledby="quelltext" data-testid="version-source">${text}</pre>`}</${Loading}>
    <p><${Link} href=${`/verwaltung/bereitstellen?von=${encodeURIComponent(id)}&version=${version}`}>${t.editAsNew}</${Link}></p>`;
}

export function ProcessPage({ api, id, version }) {
  const result = useLoad(() => api.get(`/processes/${encodeURIComponent(id)}`), id);
  return html`<p><${Link} href="/verwaltung">${t.backToProcesses}</${Link}></p>
    <${Loading} result=${result}>${(process) => {
      const versions = [...process.versions].sort((a, b) => b.version - a.version);
      const shown = Number(version) || versions[0].version;
      const path = `/verwaltung/verfahren/${encodeURIComponent(id)}`;
      return html`<h1 class="kern-heading-large">${t.processTitle(process.title)}</h1>
        <h2 class="kern-heading-medium">${t.versions}</h2>
        <ul class="kern-list" data-testid="versions">${versions.map((v) => html`<li key=${v.version}>
          ${v.version === shown
            ? html`<strong aria-current="true">${t.deployedBy(v.version, formatDateTime(v.deployed_at), v.deployed_by, v.source_name)}</strong>`
            : html`<${Link} href=${`${path}?version=${v.version}`} aria-label=${t.showVersion(v.version)}>${t.deployedBy(v.version, formatDateTime(v.deployed_at), v.deployed_by, v.source_name)}</${Link}>`}
        </li>`)}</ul>
        <${Source} api=${api} id=${id} version=${shown} />
        <h2 class="kern-heading-medium">${t.diagram}</h2>
        <${Diagram} api=${api} id=${id} title=${process.title} revision=${versions[0].version} />
        <h2 class="kern-heading-medium">${t.caseCounts}</h2>
        ${process.counts.length
          ? html`<ul class="kern-list">${process.counts.map((c) => html`<li key=${c.state + c.status}><code>${c.state}</code> (${c.status}): ${c.count}</li>`)}</ul>`
          : html`<p class="kern-body">${t.noCases}</p>`}
        <${Params} api=${api} id=${id} />`;
    }}</${Loading}>`;
}
