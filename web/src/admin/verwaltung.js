// The administration pages' routes (a chunk of its own, with CodeMirror, loaded when an admin
// first opens one): /verwaltung (the processes), /verwaltung/verfahren/<id>[?version=n],
// /verwaltung/bereitstellen[?von=<id>&version=n], /verwaltung/zugaenge (the tokens),
// /verwaltung/statistik (the dashboard: a chunk of its own again, with the charting library).
import { html } from "../lib/html.js";
import { DeployPage } from "./deploy.js";
import { ProcessList, ProcessPage } from "./processes.js";
import { TokensPage } from "./tokens.js";
import { Lazy } from "../lib/lazy.js";
import { Link } from "../lib/nav.js";
import { strings as t } from "./strings.js";
import { strings as stats } from "./statistik_strings.js";

const loadStatistik = () => import("./statistik.js").then((module) => module.StatistikPage);

// The Verwaltung's sections, on every one of its pages.
function Sections({ path }) {
  const item = (href, label, current) => html`<li><${Link} href=${href} aria-current=${current ? "page" : undefined}>${label}</${Link}></li>`;
  return html`<nav class="aw-subnav" aria-label=${t.sections}><ul>
    ${item("/verwaltung", t.processesShort, !path.startsWith("/verwaltung/zugaenge") && !path.startsWith("/verwaltung/statistik"))}
    ${item("/verwaltung/zugaenge", t.tokensShort, path.startsWith("/verwaltung/zugaenge"))}
    ${item("/verwaltung/statistik", stats.statsShort, path.startsWith("/verwaltung/statistik"))}
  </ul></nav>`;
}

export function Verwaltung({ api, url }) {
  return html`<${Sections} path=${url.pathname} /><${Page} api=${api} url=${url} />`;
}

function Page({ api, url }) {
  const path = url.pathname;
  if (path === "/verwaltung/zugaenge") return html`<${TokensPage} api=${api} />`;
  if (path === "/verwaltung/statistik") return html`<${Lazy} load=${loadStatistik} api=${api} url=${url} />`;
  const process = path.match(/^\/verwaltung\/verfahren\/([^/]+)$/);
  if (process) return html`<${ProcessPage} key=${path} api=${api} id=${decodeURIComponent(process[1])} version=${url.searchParams.get("version")} />`;
  if (path === "/verwaltung/bereitstellen")
    return html`<${DeployPage} key=${url.search} api=${api} from=${url.searchParams.get("von")} version=${url.searchParams.get("version")} />`;
  return html`<${ProcessList} api=${api} />`;
}
