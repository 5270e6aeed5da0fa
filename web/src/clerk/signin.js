// Sign-in: a demo user chosen from the list `serve --demo` publishes in /config.json, or a pasted
// token. The token is checked with GET /api/v1/me before it is kept; it never enters a URL.
import { useState } from "preact/hooks";
import { apiClient } from "../lib/api.js";
import { html } from "../lib/html.js";
import { strings as t } from "./strings.js";

export function SignIn({ config, preselect, notice, onSignedIn }) {
  const users = config.demo ? config.demo_users || [] : [];
  const [chosen, setChosen] = useState(users.some((u) => `${u.tenant}/${u.name}` === preselect) ? preselect : "");
  const [token, setToken] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event) => {
    event.preventDefault();
    const user = users.find((u) => `${u.tenant}/${u.name}` === chosen);
    const candidate = token.trim() || user?.token;
    if (!candidate) {
      setError(t.chooseUser);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await apiClient(candidate).get("/me");
      onSignedIn(candidate, me);
    } catch {
      setError(t.signInFailed);
    } finally {
      setBusy(false);
    }
  };

  return html`<h1 class="kern-heading-large">${t.signInTitle}</h1>
    ${notice ? html`<div class="kern-alert kern-alert--info" role="status"><div class="kern-alert__body"><p class="kern-body">${notice}</p></div></div>` : null}
    <div aria-live="assertive">${error ? html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body"><p class="kern-body">${error}</p></div></div>` : null}</div>
    <p class="kern-body">${t.signInIntro}</p>
    <form onSubmit=${submit} noValidate>
      ${users.length
        ? html`<fieldset class="kern-fieldset">
            <legend class="kern-label">${t.demoUsers}</legend>
            <div class="kern-hint" id="demo-hint">${t.demoHint}</div>
            <div class="kern-fieldset__body aw-signin-users">
              ${users.map((u) => {
                const id = `nutzer-${u.tenant}-${u.name}`.replace(/[^A-Za-z0-9-]/g, "-");
                const value = `${u.tenant}/${u.name}`;
                return html`<div class="kern-form-check" key=${value}>
                  <input class="kern-form-check__radio" type="radio" name="nutzer" id=${id} value=${value}
                    checked=${chosen === value} onChange=${() => setChosen(value)} aria-describedby="demo-hint" />
                  <label class="kern-label" for=${id}>${u.name} (${u.tenant}, ${t.kind[u.kind] || u.kind})</label>
                </div>`;
              })}
            </div>
          </fieldset>
          <h2 class="kern-heading-medium">${t.orToken}</h2>`
        : null}
      <div class="kern-form-input">
        <label class="kern-label" for="token">${t.token}</label>
        <div class="kern-hint" id="token-hint">${t.tokenHint}</div>
        <input class="kern-form-input__input" id="token" type="password" autocomplete="off" aria-describedby="token-hint"
          value=${token} onInput=${(e) => setToken(e.target.value)} />
      </div>
      <div class="aw-actions">
        <button class="kern-btn kern-btn--primary" type="submit" disabled=${busy}><span class="kern-label">${t.signIn}</span></button>
      </div>
    </form>`;
}
