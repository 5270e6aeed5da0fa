// JSON Schema (draft 7, the engine's dialect) in the browser: validation with ajv, ajv-formats and
// ajv-i18n's German messages, the fields a form shows for the current data (if/then requirements
// make fields appear), and the pointers ("/applicant/name") that tie messages to fields.
import Ajv from "ajv";
import addFormats from "ajv-formats";
import localizeDe from "ajv-i18n/localize/de";
import { formStrings } from "./form_strings.js";

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv);
ajv.addKeyword({ keyword: "personal", schemaType: "boolean" });
ajv.addKeyword({ keyword: "x-enum-titles", schemaType: "object" });

const compiled = new WeakMap();
function compile(schema) {
  if (!compiled.has(schema)) compiled.set(schema, ajv.compile(schema));
  return compiled.get(schema);
}

export function matches(schema, data) {
  return compile(schema)(data);
}

// Validates `data` against `schema`: { pointer: message } with German messages, one per field.
export function validate(schema, data) {
  const check = compile(schema);
  if (check(data)) return {};
  const errors = check.errors.filter((e) => e.keyword !== "if");
  localizeDe(errors);
  const byField = {};
  for (const error of errors) {
    let pointer = error.instancePath;
    let message = error.message;
    if (error.keyword === "required") {
      pointer += "/" + error.params.missingProperty;
      message = formStrings.missing;
    } else if (error.keyword === "enum" || error.keyword === "const") message = formStrings.missingChoice;
    else if (error.keyword === "pattern") message = formStrings.pattern;
    else if (error.keyword === "type" && error.params.type === "integer") message = formStrings.integer;
    else if (error.keyword === "type" && error.params.type === "number") message = formStrings.number;
    if (!(pointer in byField)) byField[pointer] = message;
  }
  return byField;
}

// The server's 422 details ({field, message}) as { pointer: German message }.
export function serverErrors(details) {
  const byField = {};
  for (const detail of Array.isArray(details) ? details : []) {
    if (typeof detail.field !== "string") continue;
    // `allowed`: the values the tenant accepts now (x-enum-param), which may have changed since
    // the form was loaded.
    if (Array.isArray(detail.allowed)) byField[detail.field] = formStrings.notAllowed(detail.allowed.map(String));
    else
      byField[detail.field] = /^Missing required property/.test(detail.message || "")
        ? formStrings.missing
        : `${formStrings.serverRejected} ${detail.message}`;
  }
  return byField;
}

export function getAt(data, pointer) {
  let value = data;
  for (const key of pointer.split("/").slice(1)) value = value == null ? undefined : value[key];
  return value;
}

// A copy of `data` with the value at `pointer` set (or removed when undefined/empty).
export function setAt(data, pointer, value) {
  const keys = pointer.split("/").slice(1);
  const copy = structuredClone(data || {});
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key];
  }
  const last = keys[keys.length - 1];
  if (value === undefined || value === "") delete node[last];
  else node[last] = value;
  return copy;
}

// The names a schema requires at its own level for `data`: its `required` plus those of every
// `then` whose `if` holds (also inside allOf), and per property the nested requirements.
function requirements(schema, data) {
  const own = new Set(schema.required || []);
  const nested = {};
  const nestedConditional = {};
  const conditional = new Set();
  const branches = [schema, ...(schema.allOf || [])].filter((s) => s.if && s.then);
  for (const branch of branches) {
    for (const name of branch.then.required || []) conditional.add(name);
    for (const [name, sub] of Object.entries(branch.then.properties || {}))
      for (const inner of sub.required || []) (nestedConditional[name] ||= new Set()).add(inner);
    if (!matches(branch.if, data ?? {})) continue;
    for (const name of branch.then.required || []) own.add(name);
    for (const [name, sub] of Object.entries(branch.then.properties || {}))
      for (const inner of sub.required || []) (nested[name] ||= new Set()).add(inner);
  }
  return { own, nested, nestedConditional, conditional };
}

// The fields to show for `data`: a tree of { pointer, name, schema, required, children }.
// A property that only a `then` requires is shown only while its `if` holds (e.g. the reason
// of a rejection appears once "reject" is chosen); its value is dropped while hidden.
export function visibleFields(schema, data, pointer = "", extraRequired = new Set(), extraConditional = new Set()) {
  const { own, nested, nestedConditional, conditional } = requirements(schema, data);
  for (const name of extraRequired) own.add(name);
  for (const name of extraConditional) conditional.add(name);
  for (const name of schema.required || []) conditional.delete(name);
  const fields = [];
  for (const [name, sub] of Object.entries(schema.properties || {})) {
    const required = own.has(name);
    if (conditional.has(name) && !required) continue;
    const path = `${pointer}/${name}`;
    const value = data?.[name];
    const requiredByParent = nested[name] || new Set();
    const children =
      sub.type === "object" && sub.properties
        ? visibleFields(sub, value, path, requiredByParent, nestedConditional[name] || new Set())
        : null;
    const requiredObject = required || requiredByParent.size > 0;
    fields.push({ pointer: path, name, schema: sub, required: requiredObject, children });
  }
  return fields;
}

// `data` without the values of fields that are not shown.
export function pruneHidden(schema, data) {
  if (typeof data !== "object" || data === null) return data;
  const kept = {};
  for (const field of visibleFields(schema, data)) {
    const value = data[field.name];
    if (value === undefined) continue;
    kept[field.name] = field.children ? pruneHidden(field.schema, value) : value;
  }
  return kept;
}

export function labelOf(schema, name) {
  return schema?.title || name;
}

export function enumTitle(schema, value) {
  const titles = schema?.["x-enum-titles"];
  return titles && Object.prototype.hasOwnProperty.call(titles, value) ? titles[value] : String(value);
}

export function isDate(schema) {
  return schema?.format === "date" || schema?.pattern === "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
}
