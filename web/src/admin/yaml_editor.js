// The YAML editor of the deploy page: CodeMirror 6 with its YAML language, line numbers and a lint
// gutter. The server's findings (file:line:column) are shown as lint diagnostics at their place.
// The editor lives in a shadow root: there CodeMirror adds its styles as constructed style sheets
// (adoptedStyleSheets), which the CSP's style-src 'self' allows; in the document itself it would
// insert <style> elements, which that CSP refuses. Ids do not reach across the shadow boundary,
// so the editor is named with aria-label (the same text as the visible label). Completion and hover
// help come from the process language's JSON Schema (schema_help.js), once it has arrived.
import { basicSetup } from "codemirror";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorView } from "@codemirror/view";
import { useEffect, useRef } from "preact/hooks";
import { html } from "../lib/html.js";
import { schemaHelp } from "./schema_help.js";

// A frame like KERN's inputs, a visible focus, and a height that scrolls rather than grows.
const theme = EditorView.theme({
  "&": { border: "2px solid #3a4154", background: "#fff", fontSize: "0.95rem" },
  "&.cm-focused": { outline: "3px solid #0b3d91", outlineOffset: "2px" },
  ".cm-scroller": { minHeight: "16rem", maxHeight: "36rem", overflow: "auto" },
});

// The editor's position of a finding's 1-based line and column, kept inside the document.
export function positionOf(doc, line, column) {
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(at.from + Math.max(column - 1, 0), at.to);
}

// Shows `findings` ([{line, column, message}]) in the editor as errors, marked to the line's end.
export function showFindings(view, findings) {
  const diagnostics = findings.map((finding) => {
    const from = positionOf(view.state.doc, finding.line, finding.column);
    return { from, to: Math.max(from, view.state.doc.lineAt(from).to), severity: "error", message: finding.message };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

// Puts the cursor at a finding and the keyboard focus into the editor.
export function goTo(view, line, column) {
  const pos = positionOf(view.state.doc, line, column);
  view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
  view.focus();
}

// `initial`: the text to start with; `onReady(view)` receives the EditorView once it exists;
// `loadSchema()` gives (a promise of) the JSON Schema for completion and hover help. Without it, or
// while it loads or when it fails, the editor works without that help.
export function YamlEditor({ initial, label, onReady, loadSchema }) {
  const host = useRef(null);
  const schema = useRef(null);
  useEffect(() => {
    let current = true;
    if (loadSchema)
      Promise.resolve(loadSchema()).then(
        (loaded) => current && (schema.current = loaded),
        () => {},
      );
    const shadow = host.current.shadowRoot || host.current.attachShadow({ mode: "open" });
    const view = new EditorView({
      doc: initial,
      parent: shadow,
      root: shadow,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        schemaHelp(() => schema.current),
        // tabindex: the text area is focusable anyway (contenteditable); axe only counts a
        // scrolling region's content as reachable by keyboard when it says so.
        EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
        theme,
      ],
    });
    onReady(view);
    return () => {
      current = false;
      view.destroy();
    };
  }, []);
  return html`<div class="aw-editor" ref=${host} data-testid="yaml-editor"></div>`;
}
