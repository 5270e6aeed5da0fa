// The Online-Antrag: a citizen picks a procedure, fills in its application (rendered from the
// process's form schema), sends it through the intake API with the portal's integrator token
// (from /config.json; the citizen does not sign in) and sees the case reference, fee and payment
// reference. Routes: /antrag/ (the list) and /antrag/<process>.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { apiClient, ApiError } from "../lib/api.js";
import { formatMoney } from "../lib/format.js";
import { html } from "../lib/html.js";
import { Link } from "../lib/nav.js";
import { ErrorSummary, SchemaFields } from "../lib/schema_form.js";
import { useSchemaForm } from "../lib/use_schema_form.js";
import { strings as t } from "./strings.js";

function Layout({ title, children }) {
  useEffect(() => {
    document.title = `${title} – ${t.service}`;
  }, [title]);
  return html`<a class="aw-skip-link" href="#inhalt">${t.skipLink}</a>
    <header class="aw-header">
      <div class="kern-container aw-header__bar">
        <a class="aw-brand" href="/antrag/">${t.service}</a>
        <span class="aw-muted">${t.serviceOf}</span>
      </div>
    </header>
    <main id="inhalt" class="kern-container" tabindex="-1">${children}</main>
    <footer class="aw-footer"><div class="kern-container aw-muted">${t.footer}</div></footer>`;
}

function ProcessList({ api }) {
  const [processes, setProcesses] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api.get("/processes").then((body) => {
      const latest = new Map();
      for (const p of body.processes) latest.set(p.process, p);
      setProcesses([...latest.values()]);
    }, setError);
  }, []);
  return html`<${Layout} title=${t.chooseTitle}>
    <h1 class="kern-heading-large">${t.chooseTitle}</h1>
    <p class="kern-body">${t.chooseIntro}</p>
    ${error ? html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body">${t.unavailable}</div></div>` : null}
    ${!processes && !error ? html`<p role="status">${t.loading}</p>` : null}
    <ul class="kern-list">
      ${(processes || []).map((p) => html`<li key=${p.process}><${Link} href=${`/antrag/${encodeURIComponent(p.process)}`}>${p.title}</${Link}></li>`)}
    </ul>
  </${Layout}>`;
}

function Confirmation({ process, record }) {
  const fee = record.data?.fee;
  useEffect(() => document.getElementById("bestaetigung")?.focus(), []);
  return html`<div class="kern-alert kern-alert--success" role="status">
      <div class="kern-alert__header"><h1 class="kern-heading-large" id="bestaetigung" tabindex="-1">${t.doneTitle}</h1></div>
      <div class="kern-alert__body">
        <p class="kern-body">${process.title}</p>
      </div>
    </div>
    <dl class="aw-dl">
      <dt>${t.caseReference}</dt><dd data-testid="case-reference">${record.id}</dd>
      <dt>${t.fee}</dt><dd data-testid="fee">${typeof fee === "number" && fee > 0 ? formatMoney(fee) : t.feeFree}</dd>
      ${record.data?.payment_ref && fee > 0
        ? html`<dt>${t.paymentReference}</dt><dd data-testid="payment-reference">${record.data.payment_ref}</dd>`
        : null}
    </dl>
    <p class="kern-body">${fee > 0 ? t.payHint : t.noPayment} ${t.keepReference}</p>
    <p><${Link} href="/antrag/">${t.another}</${Link}></p>`;
}

function ApplicationForm({ api, process }) {
  const form = useSchemaForm(process.form);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState(null);
  const [record, setRecord] = useState(null);
  if (record) return html`<${Confirmation} process=${process} record=${record} />`;
  const submit = async (event) => {
    event.preventDefault();
    setFailure(null);
    const data = form.attempt();
    if (!data) return;
    setSending(true);
    try {
      setRecord(await api.post(`/processes/${encodeURIComponent(process.process)}/cases`, data));
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 422 && form.showServerErrors(error.details))) setFailure(error.message);
    } finally {
      setSending(false);
    }
  };
  return html`<h1 class="kern-heading-large">${process.title}</h1>
    <p class="kern-body">${process.description}</p>
    <${ErrorSummary} schema=${process.form} errors=${form.summary} prefix="antrag" />
    ${failure
      ? html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body">${t.submitFailed} ${failure}</div></div>`
      : null}
    <form noValidate onSubmit=${submit} aria-label=${process.title}>
      <${SchemaFields} schema=${process.form} data=${form.data} errors=${form.errors} prefix="antrag" onValue=${form.onValue} onBlur=${form.onBlur} />
      <div class="aw-actions">
        <button class="kern-btn kern-btn--primary" type="submit" disabled=${sending}>
          <span class="kern-label">${sending ? t.submitting : t.submit}</span>
        </button>
        <${Link} href="/antrag/">${t.back}</${Link}>
      </div>
    </form>`;
}

function ApplicationPage({ api, id }) {
  const [process, setProcess] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api.get(`/processes/${encodeURIComponent(id)}/form`).then(setProcess, setError);
  }, [id]);
  const title = process?.title || t.service;
  return html`<${Layout} title=${title}>
    ${error ? html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body">${error.status === 404 ? t.notFound : t.unavailable}</div></div>
      <p><${Link} href="/antrag/">${t.back}</${Link}></p>` : null}
    ${!process && !error ? html`<p role="status">${t.loading}</p>` : null}
    ${process ? html`<${ApplicationForm} key=${id} api=${api} process=${process} />` : null}
  </${Layout}>`;
}

function Portal({ api }) {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => {
      setPath(location.pathname);
      document.getElementById("inhalt")?.focus();
    };
    addEventListener("popstate", update);
    return () => removeEventListener("popstate", update);
  }, []);
  const id = decodeURIComponent(path.replace(/^\/antrag\/?/, "").replace(/\/$/, ""));
  return id ? html`<${ApplicationPage} api=${api} id=${id} />` : html`<${ProcessList} api=${api} />`;
}

async function start() {
  const root = document.getElementById("app");
  let config = null;
  try {
    config = await (await fetch("/config.json")).json();
  } catch {}
  if (!config?.portal?.token) {
    render(html`<${Layout} title=${t.service}><h1 class="kern-heading-large">${t.service}</h1><p class="kern-body">${t.unavailable}</p></${Layout}>`, root);
    return;
  }
  root.replaceChildren();
  render(html`<${Portal} api=${apiClient(config.portal.token)} />`, root);
}

start();
