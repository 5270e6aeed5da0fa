// A form rendered from a JSON Schema with KERN UX's form components: labels and help texts from
// `title`/`description`, required marks, enums as radio buttons (up to five) or a select, nested
// objects as fieldsets, conditional fields (see schema.js), messages at the field (linked by
// aria-describedby) and an error summary whose links move the focus to the fields.
import { useEffect, useRef } from "preact/hooks";
import { html } from "./html.js";
import { formStrings as t } from "./form_strings.js";
import { enumTitle, getAt, isDate, labelOf, visibleFields } from "./schema.js";

export function fieldId(prefix, pointer) {
  return `${prefix}${pointer.replaceAll("/", "-")}`;
}

function describedBy(id, hint, error) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

function Label({ id, field, as = "label" }) {
  const text = labelOf(field.schema, field.name);
  const mark = field.required ? html`<span class="aw-required" aria-hidden="true"> *</span>` : null;
  if (as === "legend") return html`<legend class="kern-label">${text}${mark}</legend>`;
  return html`<label class="kern-label" for=${id}>${text}${mark}</label>`;
}

function Hint({ id, field }) {
  return field.schema.description ? html`<div class="kern-hint" id=${`${id}-hint`}>${field.schema.description}</div>` : null;
}

function ErrorText({ id, error }) {
  return error
    ? html`<p class="kern-error" id=${`${id}-error`}><span class="kern-sr-only">Fehler: </span>${error}</p>`
    : null;
}

function parseValue(schema, text) {
  if (text === "") return undefined;
  if (schema.type === "integer" && /^-?\d+$/.test(text.trim())) return Number(text.trim());
  if (schema.type === "number" && /^-?\d+([.,]\d+)?$/.test(text.trim())) return Number(text.trim().replace(",", "."));
  return text;
}

function Choice({ id, field, value, error, onValue }) {
  const options = field.schema.enum;
  if (options.length <= 5) {
    return html`<fieldset class=${`kern-fieldset${error ? " kern-fieldset--error" : ""}`} id=${id}
        aria-describedby=${describedBy(id, field.schema.description, error)}>
      <${Label} field=${field} as="legend" />
      <${Hint} id=${id} field=${field} />
      <${ErrorText} id=${id} error=${error} />
      <div class="kern-fieldset__body">
        ${options.map(
          (option, index) => html`<div class="kern-form-check" key=${String(option)}>
            <input class=${`kern-form-check__radio${error ? " kern-form-check__radio--error" : ""}`} type="radio"
              id=${`${id}-${index}`} name=${id} value=${String(option)} checked=${value === option}
              required=${field.required} aria-invalid=${error ? "true" : undefined}
              onChange=${() => onValue(field.pointer, option)} />
            <label class="kern-label" for=${`${id}-${index}`}>${enumTitle(field.schema, option)}</label>
          </div>`,
        )}
      </div>
    </fieldset>`;
  }
  return html`<div class="kern-form-input">
    <${Label} id=${id} field=${field} />
    <${Hint} id=${id} field=${field} />
    <${ErrorText} id=${id} error=${error} />
    <div class="kern-form-input__select-wrapper">
      <select class=${`kern-form-input__select${error ? " kern-form-input__select--error" : ""}`} id=${id}
        required=${field.required} aria-invalid=${error ? "true" : undefined}
        aria-describedby=${describedBy(id, field.schema.description, error)}
        onChange=${(event) => onValue(field.pointer, event.target.selectedIndex === 0 ? undefined : options[event.target.selectedIndex - 1])}>
        <option value="">${t.chooseOption}</option>
        ${options.map((option) => html`<option key=${String(option)} value=${String(option)} selected=${value === option}>${enumTitle(field.schema, option)}</option>`)}
      </select>
    </div>
  </div>`;
}

function Input({ id, field, value, error, onValue, onBlur }) {
  const schema = field.schema;
  const multiline = schema.type === "string" && (schema.maxLength ?? 0) >= 500;
  const numeric = schema.type === "integer" || schema.type === "number";
  const common = {
    id,
    name: id,
    required: field.required,
    "aria-required": field.required ? "true" : undefined,
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": describedBy(id, schema.description, error),
    onBlur: () => onBlur(field.pointer),
  };
  const className = `kern-form-input__input${error ? " kern-form-input__input--error" : ""}`;
  const text = value === undefined || value === null ? "" : String(value);
  const onInput = (event) => onValue(field.pointer, parseValue(schema, event.target.value));
  let control;
  if (schema.type === "boolean") {
    return html`<div class="kern-form-check">
      <input class="kern-form-check__checkbox" type="checkbox" ...${common} checked=${value === true}
        onChange=${(event) => onValue(field.pointer, event.target.checked)} />
      <label class="kern-label" for=${id}>${labelOf(schema, field.name)}</label>
      <${ErrorText} id=${id} error=${error} />
    </div>`;
  }
  if (multiline) control = html`<textarea class=${className} rows="5" ...${common} value=${text} onInput=${onInput} />`;
  else
    control = html`<input class=${className} ...${common}
      type=${isDate(schema) ? "date" : schema.pattern?.includes("@") ? "email" : "text"}
      inputmode=${numeric ? "numeric" : undefined} autocomplete=${autocomplete(field.name)} value=${text} onInput=${onInput} />`;
  return html`<div class="kern-form-input">
    <${Label} id=${id} field=${field} />
    <${Hint} id=${id} field=${field} />
    <${ErrorText} id=${id} error=${error} />
    ${control}
  </div>`;
}

// Helps browsers fill in what they know about the citizen (WCAG 1.3.5).
function autocomplete(name) {
  return { email: "email", street: "street-address", postcode: "postal-code", city: "address-level2" }[name];
}

function Fields({ fields, data, errors, prefix, onValue, onBlur }) {
  return fields.map((field) => {
    const id = fieldId(prefix, field.pointer);
    const error = errors[field.pointer];
    if (field.children)
      return html`<fieldset class="kern-fieldset" key=${field.pointer} id=${id}>
        <legend class="kern-title">${labelOf(field.schema, field.name)}</legend>
        ${field.schema.description ? html`<div class="kern-hint">${field.schema.description}</div>` : null}
        <${ErrorText} id=${id} error=${error} />
        <div class="kern-fieldset__body">
          <${Fields} fields=${field.children} data=${data} errors=${errors} prefix=${prefix} onValue=${onValue} onBlur=${onBlur} />
        </div>
      </fieldset>`;
    const value = getAt(data, field.pointer);
    const props = { key: field.pointer, id, field, value, error, onValue, onBlur };
    return field.schema.enum ? html`<${Choice} ...${props} />` : html`<${Input} ...${props} />`;
  });
}

// The form's fields for `data`; `errors` maps pointers to the messages to show now.
export function SchemaFields({ schema, data, errors, prefix, onValue, onBlur = () => {} }) {
  const fields = visibleFields(schema, data);
  return html`<p class="kern-body aw-muted">${t.requiredNote}</p>
    <${Fields} fields=${fields} data=${data} errors=${errors} prefix=${prefix} onValue=${onValue} onBlur=${onBlur} />`;
}

// The label of the field at `pointer`, for the error summary.
function labelAt(schema, pointer) {
  let node = schema;
  for (const key of pointer.split("/").slice(1)) node = node?.properties?.[key] ?? findInBranches(node, key);
  return node?.title || pointer.split("/").pop();
}

function findInBranches(node, key) {
  for (const branch of [node, ...(node?.allOf || [])]) if (branch?.then?.properties?.[key]) return branch.then.properties[key];
  return undefined;
}

// The GOV.UK/KERN error summary: focused when it appears, each entry a link to its field.
export function ErrorSummary({ schema, errors, prefix }) {
  const box = useRef(null);
  const entries = Object.entries(errors);
  useEffect(() => {
    if (entries.length) box.current?.focus();
  }, [JSON.stringify(errors)]);
  if (!entries.length) return null;
  const focusField = (event, pointer) => {
    event.preventDefault();
    const id = fieldId(prefix, pointer);
    const target = document.getElementById(id);
    const focusable = target?.matches("fieldset") ? target.querySelector("input, select, textarea") : target;
    focusable?.focus();
    target?.scrollIntoView({ block: "center" });
  };
  return html`<div class="aw-error-summary" role="alert" tabindex="-1" ref=${box} aria-labelledby=${`${prefix}-summary-title`}>
    <h2 class="kern-heading-medium" id=${`${prefix}-summary-title`}>${t.summaryTitle(entries.length)}</h2>
    <p>${t.summaryIntro}</p>
    <ul class="kern-list">
      ${entries.map(
        ([pointer, message]) =>
          html`<li key=${pointer}><a href=${`#${fieldId(prefix, pointer)}`} onClick=${(event) => focusField(event, pointer)}>${labelAt(schema, pointer)}: ${message}</a></li>`,
      )}
    </ul>
  </div>`;
}
