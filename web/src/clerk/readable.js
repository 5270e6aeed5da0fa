// The application as people read it: the form schema's titles as labels, enum titles for coded
// values, German dates; the values the procedure computed (fee, payment reference ...) after it,
// with the labels the strings know. Every value is text (Preact escapes it).
import { formatDate, formatDateTime, formatMoney } from "../lib/format.js";
import { html } from "../lib/html.js";
import { enumTitle, isDate, labelOf } from "../lib/schema.js";
import { strings as t } from "./strings.js";

function display(schema, value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return t.yesNo[value ? 1 : 0];
  if (schema?.enum) return enumTitle(schema, value);
  if (typeof value === "string" && isDate(schema)) return formatDate(value);
  if (typeof value === "object" && !Array.isArray(value) && schema?.properties)
    return Object.entries(value).map(([name, inner]) => `${labelOf(schema.properties[name], name)}: ${display(schema.properties[name], inner)}`).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function rows(schema, data, prefix = "") {
  const out = [];
  for (const [name, sub] of Object.entries(schema?.properties || {})) {
    const value = data?.[name];
    if (value === undefined) continue;
    if (sub.type === "object" && sub.properties && typeof value === "object") {
      out.push(html`<dt class="aw-dl-group" key=${prefix + name}>${labelOf(sub, name)}</dt>`);
      out.push(...rows(sub, value, `${prefix}${name}.`));
    } else {
      out.push(html`<dt key=${`${prefix}${name}-k`}>${labelOf(sub, name)}</dt><dd key=${`${prefix}${name}-v`}>${display(sub, value)}</dd>`);
    }
  }
  return out;
}

function extraValue(name, value) {
  if (name === "fee" || name.endsWith("_amount")) return formatMoney(value);
  if (name.endsWith("_at") && typeof value === "string") return formatDateTime(value);
  return display(null, value);
}

// A value as text: by its form schema when there is one (labels, enum titles, dates), else as
// one of the values the procedure computes (money, times).
export function valueText(name, schema, value) {
  return schema ? display(schema, value) : extraValue(name, value);
}

export function Application({ schema, data }) {
  const known = new Set(Object.keys(schema?.properties || {}));
  const extra = Object.entries(data || {}).filter(([name]) => !known.has(name));
  return html`<dl class="aw-dl" data-testid="application">${rows(schema, data)}</dl>
    ${extra.length
      ? html`<h3 class="kern-heading-medium">${t.sectionFurther}</h3>
        <dl class="aw-dl">${extra.map(([name, value]) => html`<dt key=${`${name}-k`}>${t.extraLabels[name] || name}</dt><dd key=${`${name}-v`}>${extraValue(name, value)}</dd>`)}</dl>`
      : null}`;
}

// A task's decision as people read it (for the approver of a four-eyes task).
export function Decision({ schema, data }) {
  return html`<dl class="aw-dl">${rows(schema, data)}</dl>`;
}
