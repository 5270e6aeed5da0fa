// Verwaltung: Webhooks. The tenant's subscriptions (GET /webhooks), subscribing a receiver (POST
// /webhooks: the secret is shown this once; a refused address lands at its field) and deleting one
// (DELETE /webhooks/{id}); each links to its deliveries (webhook_deliveries.js).
import { useState } from "preact/hooks";
import { html } from "../lib/html.js";
import { formatDateTime } from "../lib/format.js";
import { Link } from "../lib/nav.js";
import { Loading, useLoad } from "./processes.js";
import { FormFailure, StatusAlert } from "./status_alert.js";
import { TextField } from "./text_field.js";
import { strings as t } from "./strings.js";

const FIELDS = ["url", "events", "secret"];
const listOf = (text) => text.split(",").map((item) => item.trim()).filter(Boolean);

function SubscribeForm({ api, onSubscribed }) {
  const [values, setValues] = useState({ url: "", events: "", secret: "" });
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const set = (name) => (value) => setValues({ ...values, [name]: value });
  const submit = async (event) => {
    event.preventDefault();
    const events = listOf(values.events);
    const found = { ...(values.url.trim() ? {} : { url: t.needUrl }), ...(events.length ? {} : { events: t.needEvents }) };
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length) return;
    try {
      const body = { url: values.url.trim(), events, ...(values.secret ? { secret: values.secret } : {}) };
      onSubscribed(await api.post("/webhooks", body));
      setValues({ url: "", events: "", secret: "" });
    } catch (error) {
      // The server names the refused field (a private address, a bad scheme, a short secret).
      if (FIELDS.includes(error.details?.field)) setErrors({ [error.details.field]: error.message });
      setFailure(t.subscribeFailed(error.message));
    }
  };
  const field = (name, label, hint, type) =>
    html`<${TextField} id=${`webhook-${name}`} label=${label} hint=${hint} value=${values[name]} error=${errors[name]} onInput=${set(name)} type=${type} />`;
  return html`<form onSubmit=${submit} noValidate data-testid="subscribe-webhook">
    <h2 class="kern-heading-medium">${t.createWebhook}</h2>
    <${FormFailure} text=${failure} />
    ${field("url", t.webhookUrl, t.webhookUrlHint, "url")}
    ${field("events", t.webhookEvents, t.webhookEventsHint)}
    ${field("secret", t.webhookSecret, t.webhookSecretHint)}
    <div class="aw-actions"><button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t.subscribe}</span></button></div>
  </form>`;
}

export function WebhooksPage({ api }) {
  const [revision, setRevision] = useState(0);
  const [created, setCreated] = useState(null);
  const [status, setStatus] = useState(null);
  const result = useLoad(() => api.get("/webhooks"), revision);
  const remove = async (webhook) => {
    setCreated(null);
    try {
      await api.delete(`/webhooks/${encodeURIComponent(webhook.id)}`);
      setStatus({ ok: true, text: t.webhookDeleted(webhook.url) });
    } catch (error) {
      setStatus({ ok: false, text: t.deleteFailed(error.message) });
    }
    setRevision(revision + 1);
  };
  const subscribed = (webhook) => {
    setCreated(webhook);
    setStatus({ ok: true, text: t.subscribed(webhook.url) });
    setRevision(revision + 1);
  };
  return html`<h1 class="kern-heading-large">${t.webhooksTitle}</h1>
    <p class="kern-body">${t.webhooksIntro}</p>
    <${StatusAlert} status=${status} testId="webhooks-status">${created
      ? html`<div class="kern-form-input"><label class="kern-label" for="webhook-secret-shown">${t.webhookSecretShown}</label>
          <input class="kern-form-input__input" id="webhook-secret-shown" type="text" readonly value=${created.secret} data-testid="webhook-secret" /></div>`
      : null}</${StatusAlert}>
    <${SubscribeForm} api=${api} onSubscribed=${subscribed} />
    <h2 class="kern-heading-medium" id="webhook-liste">${t.webhookList}</h2>
    <${Loading} result=${result}>${(data) => data.webhooks.length
      ? html`<div class="aw-table-wrap" tabindex="0" role="region" aria-labelledby="webhooks-caption"><table class="kern-table" data-testid="webhooks">
          <caption id="webhooks-caption" class="kern-sr-only">${t.webhookList}</caption>
          <thead><tr><th scope="col">${t.colUrl}</th><th scope="col">${t.colEvents}</th><th scope="col">${t.colSubscribed}</th><th scope="col">${t.colActions}</th></tr></thead>
          <tbody>${data.webhooks.map((webhook) => html`<tr key=${webhook.id} data-webhook=${webhook.id}>
            <th scope="row"><code>${webhook.url}</code></th>
            <td>${webhook.events.join(", ")}</td>
            <td>${formatDateTime(webhook.created_at)}</td>
            <td><div class="aw-actions">
              <${Link} href=${`/verwaltung/webhooks/${encodeURIComponent(webhook.id)}`} aria-label=${t.deliveriesOf(webhook.url)}>${t.deliveriesShort}</${Link}>
              <button type="button" class="kern-btn kern-btn--secondary" aria-label=${t.deleteWebhook(webhook.url)} onClick=${() => remove(webhook)}>
                <span class="kern-label">${t.deleteShort}</span></button>
            </div></td>
          </tr>`)}</tbody>
        </table></div>`
      : html`<p class="kern-body">${t.noWebhooks}</p>`}</${Loading}>`;
}
