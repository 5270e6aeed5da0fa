// Definition bereitstellen: a YAML editor (pasted, uploaded, or a deployed version as the start),
// deployed with POST /processes (scope tenant). A refusal's findings are shown at their line and
// column in the editor and listed above it, each a button that puts the cursor there; a clean
// deployment names the new version.
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "../lib/html.js";
import { Link } from "../lib/nav.js";
import { strings as t } from "./strings.js";
import { goTo, showFindings, YamlEditor } from "./yaml_editor.js";

function Findings({ findings, view }) {
  const box = useRef(null);
  useEffect(() => box.current?.focus(), [findings]);
  return html`<div class="aw-error-summary" role="alert" tabindex="-1" ref=${box} data-testid="deploy-findings">
    <h2 class="kern-heading-small">${t.refused(findings.length)}</h2>
    <ul>${findings.map((f, i) => html`<li key=${i}>
      <button type="button" class="kern-btn kern-btn--tertiary aw-finding" onClick=${() => goTo(view.current, f.line, f.column)}>
        <span class="kern-label">${t.finding(f.line, f.column, f.message)}</span>
      </button></li>`)}</ul>
  </div>`;
}

export function DeployPage({ api, from, version }) {
  const view = useRef(null);
  const [start, setStart] = useState(from ? null : "");
  const [name, setName] = useState(from ? `${from}.yaml` : "upload.yaml");
  const [findings, setFindings] = useState(null);
  const [failure, setFailure] = useState(null);
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (from) api.text(`/processes/${encodeURIComponent(from)}/versions/${version}`).then(setStart, (error) => (setStart(""), setFailure(error.message)));
  }, [from, version]);

  const replaceText = (text) => view.current.dispatch({ changes: { from: 0, to: view.current.state.doc.length, insert: text } });
  const upload = async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    replaceText(await file.text());
    setName(file.name);
  };
  const deploy = async (event) => {
    event.preventDefault();
    const text = view.current.state.doc.toString();
    setFindings(null);
    setFailure(null);
    setResult(null);
    showFindings(view.current, []);
    if (!text.trim()) return setFailure(t.emptyDefinition);
    setBusy(true);
    try {
      setResult(await api.upload(`/processes?scope=tenant&name=${encodeURIComponent(name || "upload.yaml")}`, new Blob([text], { type: "application/yaml" })));
    } catch (error) {
      const positioned = Array.isArray(error.details) ? error.details.filter((d) => d && d.line) : [];
      if (positioned.length) {
        showFindings(view.current, positioned);
        setFindings(positioned);
      } else setFailure(error.message);
    } finally {
      setBusy(false);
    }
  };

  return html`<h1 class="kern-heading-large">${t.deployTitle}</h1>
    <p class="kern-body">${t.deployIntro}</p>
    <div aria-live="polite" data-testid="deploy-status">${result
      ? html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">
          ${result.created ? t.deployed(result.process_id, result.version) : t.unchanged(result.process_id, result.version)}
          ${" "}<${Link} href=${`/verwaltung/verfahren/${encodeURIComponent(result.process_id)}`}>${t.toProcess(result.process_id)}</${Link}></p></div></div>`
      : null}</div>
    ${failure ? html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body"><p class="kern-body">${t.deployFailed(failure)}</p></div></div>` : null}
    ${findings ? html`<${Findings} findings=${findings} view=${view} />` : null}
    <form onSubmit=${deploy} noValidate>
      <div class="kern-form-input">
        <label class="kern-label" for="deploy-name">${t.fileName}</label>
        <div class="kern-hint" id="deploy-name-hint">${t.fileNameHint}</div>
        <input class="kern-form-input__input" id="deploy-name" type="text" aria-describedby="deploy-name-hint" value=${name} onInput=${(e) => setName(e.target.value)} />
      </div>
      <div class="kern-form-input">
        <label class="kern-label" for="deploy-file">${t.upload}</label>
        <input class="kern-form-input__input" id="deploy-file" type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange=${upload} />
      </div>
      <p class="kern-label" id="editor-label" aria-hidden="true">${t.editorLabel}</p>
      <div class="kern-hint">${t.editorHint}</div>
      ${start === null ? html`<p role="status">${t.loading}</p>` : html`<${YamlEditor} initial=${start} label=${t.editorLabel} onReady=${(v) => (view.current = v)} loadSchema=${() => api.get("/schema/process")} />`}
      <div class="aw-actions">
        <button class="kern-btn kern-btn--primary" type="submit" disabled=${busy || start === null}><span class="kern-label">${busy ? t.deploying : t.deploy}</span></button>
      </div>
    </form>`;
}
