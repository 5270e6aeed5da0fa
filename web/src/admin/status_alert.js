// The outcome of an action on a Verwaltung page as a KERN alert: `StatusAlert` ({ok, text}) inside
// a polite live region that is always in the page, so a screen reader announces each new outcome;
// `FormFailure` for a form the server refused, announced at once.
import { html } from "../lib/html.js";

export function StatusAlert({ status, testId, children }) {
  return html`<div aria-live="polite" data-testid=${testId}>${status
    ? html`<div class=${`kern-alert kern-alert--${status.ok ? "success" : "danger"}`}><div class="kern-alert__body">
        <p class="kern-body">${status.text}</p>${children}</div></div>`
    : null}</div>`;
}

export function FormFailure({ text }) {
  return html`<div aria-live="assertive">${text
    ? html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body"><p class="kern-body">${text}</p></div></div>`
    : null}</div>`;
}
