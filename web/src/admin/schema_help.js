// Completion and hover help in the YAML editor from the JSON Schema of the process language
// (GET /api/v1/schema/process, the text `amtsweg schema` prints): the keys valid at the cursor's
// place with their descriptions, the allowed values of a key, and a key's description on hover.
// The place is read from the indentation of the lines above (block style, as definitions are
// written); inside a one-line mapping ({a: 1}) there is no help. The server's validation stays the
// judge: this only helps to write.
import { yamlLanguage } from "@codemirror/lang-yaml";
import { EditorView, hoverTooltip } from "@codemirror/view";

const ITEM = Symbol("list item");

// The schemas `node` stands for: itself, what its $ref names, and the parts of allOf, anyOf and
// oneOf (recursively). Boolean schemas are left out. if/then/else only restrict, so they add nothing.
function alternatives(root, node, seen = new Set()) {
  if (!node || typeof node !== "object" || seen.has(node)) return [];
  seen.add(node);
  const found = [node];
  if (typeof node.$ref === "string" && node.$ref.startsWith("#/")) {
    const target = node.$ref.slice(2).split("/").reduce((at, part) => (at ? at[part] : undefined), root);
    found.push(...alternatives(root, target, seen));
  }
  for (const keyword of ["allOf", "anyOf", "oneOf"])
    for (const part of node[keyword] || []) found.push(...alternatives(root, part, seen));
  return found;
}

// The schemas of the value under `key` in a mapping described by `nodes`.
function childSchemas(root, nodes, key) {
  const children = [];
  for (const node of nodes.flatMap((n) => alternatives(root, n))) {
    const named = node.properties && node.properties[key];
    const patterned = Object.entries(node.patternProperties || {}).filter(([pattern]) => new RegExp(pattern, "u").test(key));
    if (named !== undefined) children.push(named);
    else if (patterned.length) children.push(...patterned.map(([, schema]) => schema));
    else if (node.additionalProperties && typeof node.additionalProperties === "object") children.push(node.additionalProperties);
  }
  return children.filter((child) => typeof child === "object");
}

function itemSchemas(root, nodes) {
  return nodes.flatMap((n) => alternatives(root, n)).map((node) => node.items).filter((items) => items && typeof items === "object");
}

// The schemas at `path` (keys, and ITEM for an item of a list) from the schema's root.
export function schemasAt(schema, path) {
  let nodes = [schema];
  for (const step of path) nodes = step === ITEM ? itemSchemas(schema, nodes) : childSchemas(schema, nodes, step);
  return nodes;
}

// The keys a mapping described by `nodes` may have, each with its description. A key that one of
// the schemas forbids (`parallel: false` in a region's state) is left out.
export function keysOf(schema, nodes) {
  const keys = new Map();
  const forbidden = new Set();
  for (const node of nodes.flatMap((n) => alternatives(schema, n)))
    for (const [key, property] of Object.entries(node.properties || {})) {
      if (property === false) forbidden.add(key);
      else if (!keys.has(key) || !keys.get(key)) keys.set(key, describe(schema, [property]));
    }
  return [...keys].filter(([key]) => !forbidden.has(key)).map(([key, description]) => ({ key, description }));
}

// The first description of `nodes`: a property's own before the one of what its $ref names.
export function describe(schema, nodes) {
  for (const node of nodes.flatMap((n) => alternatives(schema, n))) if (typeof node.description === "string") return node.description;
  return "";
}

// The values a key allows: its enums, and true/false for a boolean.
function valuesOf(schema, nodes) {
  const values = new Set();
  for (const node of nodes.flatMap((n) => alternatives(schema, n))) {
    for (const value of node.enum || []) if (typeof value !== "object") values.add(String(value));
    const types = [].concat(node.type || []);
    if (types.includes("boolean")) ["true", "false"].forEach((v) => values.add(v));
  }
  return [...values];
}

// One line of block YAML: its list dashes ("- - "), where its key starts, the key, and what follows.
const LINE = /^(\s*)((?:-\s+)*)(?:(["']?)([^\s:#"'{}[\],][^:#]*?)\3\s*:(?:\s+(.*))?)?\s*$/;
function readLine(text) {
  const match = LINE.exec(text);
  if (!match) return null;
  const dash = match[1].length;
  return { dash, dashes: match[2].length > 0, column: dash + match[2].length, key: match[4], value: (match[5] || "").trim() };
}

function isBlank(text) {
  return /^\s*(#.*)?$/.test(text);
}

// The path of the mapping whose keys stand at `column` on line `number` (1-based), read from the
// lines above; `dashes`: that line starts a list item. null where a value, not a key, is the parent.
export function pathAt(doc, number, column, dashes) {
  const path = dashes ? [ITEM] : [];
  // Either the keys of a mapping at `indent`, or the items of a list whose dashes stand at `indent`.
  let list = dashes;
  let indent = dashes ? readLine(doc.line(number).text).dash : column;
  for (let n = number - 1; n >= 1; n--) {
    const text = doc.line(n).text;
    if (isBlank(text)) continue;
    const line = readLine(text);
    if (!line) return null;
    if (list ? line.dash >= indent && (line.dashes || line.column > indent) : line.column > indent) continue;
    if (!list && line.column === indent) {
      if (line.dashes) [list, indent] = [true, line.dash]; // our mapping is an item of a list
      if (line.dashes) path.unshift(ITEM);
      continue;
    }
    // The key that owns the mapping or list.
    if (!line.key || (line.value && !/^[|>]/.test(line.value))) return null;
    path.unshift(line.key);
    [list, indent] = line.dashes ? [true, line.dash] : [false, line.column];
    if (line.dashes) path.unshift(ITEM);
  }
  return path;
}

// Where the cursor is: completing a key (`key` prefix) of the mapping at `path`, or a value of `key`.
function contextAt(doc, pos) {
  const line = doc.lineAt(pos);
  const before = line.text.slice(0, pos - line.from);
  const keyStart = /^(\s*)((?:-\s+)*)([\w.-]*)$/.exec(before);
  if (keyStart) {
    const column = keyStart[1].length + keyStart[2].length;
    const path = pathAt(doc, line.number, column, keyStart[2].length > 0);
    return path && { kind: "key", path, from: pos - keyStart[3].length, line: line.number, column };
  }
  const valueStart = /^(\s*)((?:-\s+)*)([\w.-]+):\s+([\w.-]*)$/.exec(before);
  if (valueStart) {
    const column = valueStart[1].length + valueStart[2].length;
    const path = pathAt(doc, line.number, column, valueStart[2].length > 0);
    return path && { kind: "value", path: [...path, valueStart[3]], from: pos - valueStart[4].length };
  }
  return null;
}

// The keys already written in the mapping at `column` around line `number`.
function siblings(doc, number, column) {
  const keys = new Set();
  for (const step of [-1, 1])
    for (let n = number + step; n >= 1 && n <= doc.lines; n += step) {
      const text = doc.line(n).text;
      if (isBlank(text)) continue;
      const line = readLine(text);
      if (!line || line.column < column) break;
      if (line.column === column && line.key) keys.add(line.key);
      if (line.column === column && line.dashes) break; // the item began here
    }
  return keys;
}

// A CodeMirror completion source over `getSchema()` (null until the schema has arrived).
export function schemaCompletion(getSchema) {
  return (context) => {
    const schema = getSchema();
    if (!schema) return null;
    const place = contextAt(context.state.doc, context.pos);
    if (!place || (place.from === context.pos && !context.explicit && place.kind === "key")) return null;
    const nodes = schemasAt(schema, place.path);
    if (place.kind === "value") {
      const values = valuesOf(schema, nodes);
      if (!values.length) return null;
      return { from: place.from, options: values.map((label) => ({ label, type: "enum", info: describe(schema, nodes) || undefined })) };
    }
    const written = siblings(context.state.doc, place.line, place.column);
    const options = keysOf(schema, nodes)
      .filter(({ key }) => !written.has(key))
      .map(({ key, description }) => ({ label: key, type: "property", apply: `${key}: `, info: description || undefined }));
    return options.length ? { from: place.from, options, validFor: /^[\w.-]*$/ } : null;
  };
}

// A hover tooltip with the description of the key under the mouse.
export function schemaHover(getSchema) {
  return hoverTooltip((view, pos) => {
    const schema = getSchema();
    if (!schema) return null;
    const line = view.state.doc.lineAt(pos);
    const read = readLine(line.text);
    if (!read || !read.key) return null;
    const from = line.from + line.text.indexOf(read.key, read.column);
    const to = from + read.key.length;
    if (pos < from || pos > to) return null;
    const path = pathAt(view.state.doc, line.number, read.column, read.dashes);
    if (!path) return null;
    const parents = schemasAt(schema, path);
    const known = keysOf(schema, parents).find((k) => k.key === read.key);
    const description = known ? known.description : describe(schema, childSchemas(schema, parents, read.key));
    if (!description) return null;
    return {
      pos: from,
      end: to,
      above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "aw-schema-help";
        const name = document.createElement("strong");
        name.textContent = read.key;
        dom.append(name, document.createTextNode(": " + description));
        return { dom };
      },
    };
  });
}

const theme = EditorView.theme({
  ".aw-schema-help": { maxWidth: "32rem", padding: "0.4rem 0.6rem", fontFamily: "inherit", lineHeight: "1.4" },
  ".cm-completionInfo": { maxWidth: "32rem", whiteSpace: "normal" },
});

// The editor extensions: completion (through the YAML language's data, which basicSetup's
// autocompletion reads) and hover help.
export function schemaHelp(getSchema) {
  return [yamlLanguage.data.of({ autocomplete: schemaCompletion(getSchema) }), schemaHover(getSchema), theme];
}
