// The administration pages' routes (a chunk of its own, with CodeMirror, loaded when an admin
// first opens one): /verwaltung (the processes), /verwaltung/verfahren/<id>[?version=n],
// /verwaltung/bereitstellen[?von=<id>&version=n], /verwaltung/zugaenge (the tokens), the operations
// pages /verwaltung/webhooks[/<id>], /verwaltung/stoerungen, /verwaltung/ereignisse, and
// /verwaltung/statistik (the dashboard: a chunk of its own again, with the charting library).
import { html } from "../lib/html.js";
import { BufferedEventsPage } from "./buffered_events.js";
import { DeployPage } from "./deploy.js";
import { IncidentsPage } from "./incidents.js";
import { ProcessList, ProcessPage } from "./processes.js";
import { TokensPage } from "./tokens.js";
import { WebhookPage } from "./webhook_deliveries.js";
import { WebhooksPage } from "./webhooks.js";
import { Lazy } from "../lib/lazy.js";
import { Link } from "../lib/nav.js";
import { strings as t } from "./strings.js";
import { strings as stats } from "./statistik_strings.js";

const loadStatistik = () => import("./statistik.js").then((module) => module.StatistikPage);

// The Verwaltung's sections, on every one of its pages; "Verfahren" covers the pages of no other.
const SECTIONS = [
  ["/verwaltung/zugaenge", t.tokensShort],
  ["/verwaltung/webhooks", t.webhooksShort],
  ["/verwaltung/stoerungen", t.incidentsShort],
  ["/verwaltung/ereignisse", t.bufferedShort],
  ["/verwaltung/statistik", stats.statsShort],
];

function Sections({ path }) {
  const item = (href, label, current) => html`<li><${Link} href=${href} aria-current=${current ? "page" : undefined}>${label}</${Link}></li>`;
  const within = (href) => path === href || path.startsWith(`${href}/`);
  return html`<nav class="aw-subnav" aria-label=${t.sections}><ul>
    ${item("/verwaltung", t.processesShort, !SECTIONS.some(([href]) => within(href)))}
    ${SECTIONS.map(([href, label]) => item(href, label, within(href)))}
  </ul></nav>`;
}

export function Verwaltung({ api, url }) {
  return html`<${Sections} path=${url.pathname} /><${Page} api=${api} url=${url} />`;
}

function Page({ api, url }) {
  const path = url.pathname;
  if (path === "/verwaltung/zugaenge") return html`<${TokensPage} api=${api} />`;
  if (path === "/verwaltung/webhooks") return html`<${WebhooksPage} api=${api} />`;
  const webhook = path.match(/^\/verwaltung\/webhooks\/([^/]+)$/);
  if (webhook) return html`<${WebhookPage} key=${path} api=${api} id=${decodeURIComponent(webhook[1])} />`;
  if (path === "/verwaltung/stoerungen") return html`<${IncidentsPage} api=${api} />`;
  if (path === "/verwaltung/ereignisse") return html`<${BufferedEventsPage} api=${api} />`;
  if (path === "/verwaltung/statistik") return html`<${Lazy} load=${loadStatistik} api=${api} url=${url} />`;
  const process = path.match(/^\/verwaltung\/verfahren\/([^/]+)$/);
  if (process) return html`<${ProcessPage} key=${path} api=${api} id=${decodeURIComponent(process[1])} version=${url.searchParams.get("version")} />`;
  if (path === "/verwaltung/bereitstellen")
    return html`<${DeployPage} key=${url.search} api=${api} from=${url.searchParams.get("von")} version=${url.searchParams.get("version")} />`;
  return html`<${ProcessList} api=${api} />`;
}
