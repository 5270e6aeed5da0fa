// The admin's municipality's parameters of one process (GET/PUT /processes/{id}/params): each
// effective value as a field (numbers, text, yes/no; lists and mappings as JSON), marked as the
// definition's default or the municipality's own value. Saving sends the municipality's own values
// (the fields changed or overridden before, minus those set back to the default).
import { useEffect, useState } from "preact/hooks";
import { html } from "../lib/html.js";
import { strings as t } from "./strings.js";

const kindOf = (value) => (typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : typeof value === "string" ? "text" : "json");
const asText = (value) => (kindOf(value) === "json" ? JSON.stringify(value) : kindOf(value) === "number" ? String(value).replace(".", ",") : value);

// The field's text as the value to send, or throws the message to show at the field.
function parse(kind, text) {
  if (kind === "boolean" || kind === "text") return text;
  if (kind === "number") {
    const number = Number(String(text).trim().replace(",", "."));
    if (String(text).trim() === "" || !Number.isFinite(number)) throw new Error(t.notANumber);
    return number;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(t.notJson);
  }
}

function Field({ name, kind, value, own, reverting, error, onChange, onReset }) {
  const id = `param-${name}`;
  const hint = own ? t.paramOverride : reverting ? t.paramReverting : t.paramDefault;
  const described = `${id}-hint${error ? ` ${id}-error` : ""}`;
  if (kind === "boolean")
    return html`<div class="kern-form-check"><input class="kern-form-check__checkbox" type="checkbox" id=${id} checked=${value} aria-describedby=${described}
        onChange=${(e) => onChange(e.target.checked)} /><label class="kern-label" for=${id}>${name}</label>
      <div class="kern-hint" id=${`${id}-hint`}>${hint}</div></div>`;
  const input = kind === "json"
    ? html`<textarea class="kern-form-input__input" id=${id} rows="3" aria-describedby=${described} aria-invalid=${error ? "true" : undefined} onInput=${(e) => onChange(e.target.value)}>${value}</textarea>`
    : html`<input class="kern-form-input__input" id=${id} type="text" inputmode=${kind === "number" ? "decimal" : undefined} value=${value}
        aria-describedby=${described} aria-invalid=${error ? "true" : undefined} onInput=${(e) => onChange(e.target.value)} />`;
  return html`<div class=${`kern-form-input${error ? " kern-form-input--error" : ""}`}>
    <label class="kern-label" for=${id}>${name}</label>
    <div class="kern-hint" id=${`${id}-hint`}>${hint}${kind === "json" ? `. ${t.paramJsonHint}` : ""}</div>
    ${error ? html`<p class="kern-error" id=${`${id}-error`}>${error}</p>` : null}
    ${input}
    ${own ? html`<button type="button" class="kern-btn kern-btn--tertiary" onClick=${onReset}><span class="kern-label">${t.useDefault(name)}</span></button>` : null}
  </div>`;
}

export function Params({ api, id }) {
  const [loaded, setLoaded] = useState(null); // {overrides, effective} from the server
  const [values, setValues] = useState({});
  const [own, setOwn] = useState(new Set());
  const [errors, setErrors] = useState({});
  const [status, setStatus] = useState(null);
  const path = `/processes/${encodeURIComponent(id)}/params`;
  const take = (params) => {
    setLoaded(params);
    setValues(Object.fromEntries(Object.entries(params.effective).map(([k, v]) => [k, asText(v)])));
    setOwn(new Set(Object.keys(params.overrides)));
  };
  useEffect(() => {
    api.get(path).then(take, (error) => setStatus({ ok: false, text: t.loadFailed(error.message) }));
  }, [id]);
  if (!loaded) return status ? html`<p class="kern-body">${status.text}</p>` : null;
  const names = Object.keys(loaded.effective).sort();

  const save = async (event) => {
    event.preventDefault();
    const overrides = {};
    const found = {};
    for (const name of own) {
      try {
        overrides[name] = parse(kindOf(loaded.effective[name]), values[name]);
      } catch (error) {
        found[name] = error.message;
      }
    }
    setErrors(found);
    setStatus(null);
    if (Object.keys(found).length) return setStatus({ ok: false, text: t.paramsFailed });
    try {
      take(await api.put(path, { overrides }));
      setStatus({ ok: true, text: t.saved });
    } catch (error) {
      const field = String(error.details?.field || "").split("/").filter(Boolean).pop();
      if (field && field in loaded.effective) setErrors({ [field]: error.message });
      setStatus({ ok: false, text: t.saveFailed(error.message) });
    }
  };
  const change = (name, value) => {
    setValues({ ...values, [name]: value });
    setOwn(new Set([...own, name]));
  };
  const reset = (name) => {
    const next = new Set(own);
    next.delete(name);
    setOwn(next);
  };

  return html`<section aria-labelledby="parameter">
    <h2 class="kern-heading-medium" id="parameter">${t.paramsTitle}</h2>
    <p class="kern-body">${t.paramsIntro}</p>
    ${names.length
      ? html`<form onSubmit=${save} noValidate data-testid="params">
          ${names.map((name) => html`<${Field} key=${name} name=${name} kind=${kindOf(loaded.effective[name])} value=${values[name]} own=${own.has(name)}
            reverting=${name in loaded.overrides && !own.has(name)}
            error=${errors[name]} onChange=${(v) => change(name, v)} onReset=${() => reset(name)} />`)}
          <div aria-live="polite" data-testid="params-status">${status
            ? html`<div class=${`kern-alert kern-alert--${status.ok ? "success" : "danger"}`}><div class="kern-alert__body"><p class="kern-body">${status.text}</p></div></div>`
            : null}</div>
          <div class="aw-actions"><button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t.save}</span></button></div>
        </form>`
      : html`<p class="kern-body">${t.noParams}</p>`}
  </section>`;
}
