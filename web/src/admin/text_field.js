// A labelled text input in KERN's markup with its hint and, when set, its error (aria-invalid,
// aria-describedby naming both): the fields of the Verwaltung's forms (tokens, webhooks).
import { html } from "../lib/html.js";

export function TextField({ id, label, hint, value, error, onInput, type = "text", inputMode }) {
  const described = `${id}-hint${error ? ` ${id}-error` : ""}`;
  return html`<div class=${`kern-form-input${error ? " kern-form-input--error" : ""}`}>
    <label class="kern-label" for=${id}>${label}</label>
    <div class="kern-hint" id=${`${id}-hint`}>${hint}</div>
    ${error ? html`<p class="kern-error" id=${`${id}-error`}>${error}</p>` : null}
    <input class="kern-form-input__input" id=${id} type=${type} inputmode=${inputMode} autocomplete="off" value=${value}
      onInput=${(e) => onInput(e.target.value)} aria-invalid=${error ? "true" : undefined} aria-describedby=${described} />
  </div>`;
}

// A labelled select of fixed choices ([value, text] pairs), e.g. a list's status filter.
export function SelectField({ id, label, value, choices, onChange }) {
  return html`<div class="kern-form-input">
    <label class="kern-label" for=${id}>${label}</label>
    <div class="kern-form-input__select-wrapper">
      <select class="kern-form-input__select" id=${id} value=${value} onChange=${(e) => onChange(e.target.value)}>
        ${choices.map(([choice, text]) => html`<option key=${choice} value=${choice}>${text}</option>`)}
      </select>
    </div>
  </div>`;
}
