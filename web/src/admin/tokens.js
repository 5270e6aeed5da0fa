// Verwaltung: Zugänge. The tenant's tokens (GET /tokens), issuing one (POST /tokens: its secret
// is shown this once, in a read-only field to copy) and revoking one (DELETE /tokens/{name}).
import { useState } from "preact/hooks";
import { html } from "../lib/html.js";
import { formatDateTime } from "../lib/format.js";
import { Loading, useLoad } from "./processes.js";
import { FormFailure } from "./status_alert.js";
import { TextField } from "./text_field.js";
import { strings as t } from "./strings.js";

function IssueForm({ api, onIssued }) {
  const [name, setName] = useState("");
  const [roles, setRoles] = useState("");
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const submit = async (event) => {
    event.preventDefault();
    const list = roles.split(",").map((role) => role.trim()).filter(Boolean);
    const found = { ...(name.trim() ? {} : { name: t.needName }), ...(list.length ? {} : { roles: t.needRoles }) };
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length) return;
    try {
      onIssued(await api.post("/tokens", { name: name.trim(), roles: list }));
      setName("");
      setRoles("");
    } catch (error) {
      const field = error.status === 409 ? "name" : error.details?.field;
      if (field === "name" || field === "roles") setErrors({ [field]: error.message });
      setFailure(t.issueFailed(error.message));
    }
  };
  const field = (id, label, hint, value, set) =>
    html`<${TextField} id=${`token-${id}`} label=${label} hint=${hint} value=${value} error=${errors[id]} onInput=${set} />`;
  return html`<form onSubmit=${submit} noValidate data-testid="issue-token">
    <h2 class="kern-heading-medium">${t.issueTitle}</h2>
    <${FormFailure} text=${failure} />
    ${field("name", t.tokenName, t.tokenNameHint, name, setName)}
    ${field("roles", t.tokenRoles, t.tokenRolesHint, roles, setRoles)}
    <div class="aw-actions"><button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t.issue}</span></button></div>
  </form>`;
}

export function TokensPage({ api }) {
  const [revision, setRevision] = useState(0);
  const [issued, setIssued] = useState(null);
  const [status, setStatus] = useState(null);
  const result = useLoad(() => api.get("/tokens"), revision);
  const revoke = async (name) => {
    setIssued(null);
    try {
      await api.delete(`/tokens/${encodeURIComponent(name)}`);
      setStatus({ ok: true, text: t.revoked(name) });
    } catch (error) {
      setStatus({ ok: false, text: t.revokeFailed(error.message) });
    }
    setRevision(revision + 1);
  };
  return html`<h1 class="kern-heading-large">${t.tokensTitle}</h1>
    <p class="kern-body">${t.tokensIntro}</p>
    <div aria-live="polite" data-testid="tokens-status">
      ${issued
        ? html`<div class="kern-alert kern-alert--success"><div class="kern-alert__body">
            <p class="kern-body">${t.issued(issued.name)}</p>
            <div class="kern-form-input"><label class="kern-label" for="token-secret">${t.secret(issued.name)}</label>
              <input class="kern-form-input__input" id="token-secret" type="text" readonly value=${issued.token} data-testid="token-secret" /></div>
          </div></div>`
        : status
          ? html`<div class=${`kern-alert kern-alert--${status.ok ? "success" : "danger"}`}><div class="kern-alert__body"><p class="kern-body">${status.text}</p></div></div>`
          : null}
    </div>
    <${IssueForm} api=${api} onIssued=${(token) => (setStatus(null), setIssued(token), setRevision(revision + 1))} />
    <h2 class="kern-heading-medium">${t.tokenList}</h2>
    <${Loading} result=${result}>${(data) => html`<div class="aw-table-wrap"><table class="kern-table" data-testid="tokens">
      <thead><tr><th scope="col">${t.colName}</th><th scope="col">${t.colRoles}</th><th scope="col">${t.colCreated}</th><th scope="col">${t.colStatus}</th></tr></thead>
      <tbody>${data.tokens.map((token) => html`<tr key=${token.name + token.created_at} data-token=${token.name}>
        <th scope="row">${token.name}</th><td>${token.roles.join(", ")}</td><td>${formatDateTime(token.created_at)}</td>
        <td>${token.revoked_at
          ? t.revokedAt(formatDateTime(token.revoked_at))
          : html`${t.live} <button type="button" class="kern-btn kern-btn--secondary" aria-label=${t.revoke(token.name)} onClick=${() => revoke(token.name)}>
              <span class="kern-label">${t.revokeShort}</span></button>`}</td>
      </tr>`)}</tbody>
    </table></div>`}</${Loading}>`;
}
