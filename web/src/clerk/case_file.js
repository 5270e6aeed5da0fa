// The eAkte's documents and notes: list, download (fetched with the token, saved from a blob URL),
// upload by drag and drop or file selection (raw body, ?name= and ?kind=), the document kind a
// task requires marked as present or missing; notes listed and added.
import { useRef, useState } from "preact/hooks";
import { query } from "../lib/api.js";
import { formatBytes, formatDateTime } from "../lib/format.js";
import { html } from "../lib/html.js";
import { strings as t } from "./strings.js";

async function download(api, caseId, doc) {
  const blob = await api.blob(`/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(doc.id)}`);
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = doc.name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function Documents({ api, caseId, documents, rules, requiredKinds, onChanged, announce }) {
  const [dragging, setDragging] = useState(false);
  const [kind, setKind] = useState("");
  const [error, setError] = useState(null);
  const input = useRef(null);
  const upload = async (files) => {
    setError(null);
    for (const file of files) {
      try {
        await api.upload(`/cases/${encodeURIComponent(caseId)}/documents${query({ name: file.name, kind })}`, file);
        announce(t.uploaded(file.name));
      } catch (e) {
        setError(`${t.actionFailed} ${e.message}`);
      }
    }
    onChanged();
  };
  const drop = (event) => {
    event.preventDefault();
    setDragging(false);
    upload([...event.dataTransfer.files]);
  };
  return html`
    ${requiredKinds.map((required) => {
      const present = documents.some((d) => d.kind === required);
      return html`<p class="kern-body" key=${required}>${t.documentRequired(required)}:
        <span class=${`kern-badge ${present ? "kern-badge--success" : "kern-badge--warning"}`}>${present ? t.documentPresent : t.documentMissing}</span></p>`;
    })}
    ${documents.length
      ? html`<ul class="kern-list" data-testid="documents">${documents.map(
          (d) => html`<li key=${d.id}>
            <button class="kern-btn kern-btn--tertiary" type="button" aria-label=${t.download(d.name)} onClick=${() => download(api, caseId, d)}>
              <span class="kern-label">${d.name}</span></button>
            ${d.kind ? html` <span class="kern-badge kern-badge--info">${d.kind}</span>` : null}
            <span class="aw-muted"> ${formatBytes(d.size)}, ${formatDateTime(d.added_at)}, ${d.added_by}</span>
          </li>`,
        )}</ul>`
      : html`<p class="kern-body aw-muted">${t.documentsNone}</p>`}
    ${error ? html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body"><p class="kern-body">${error}</p></div></div>` : null}
    <div class=${`aw-dropzone${dragging ? " aw-dropzone--active" : ""}`}
      onDragOver=${(e) => { e.preventDefault(); setDragging(true); }} onDragLeave=${() => setDragging(false)} onDrop=${drop}>
      <p class="kern-body" id="upload-hint">${t.uploadHint(rules.types.join(", "), formatBytes(rules.max_size))}</p>
      <div class="kern-form-input">
        <label class="kern-label" for="upload-kind">${t.documentKind}</label>
        <input class="kern-form-input__input" id="upload-kind" value=${kind} onInput=${(e) => setKind(e.target.value)} />
      </div>
      <div class="kern-form-input">
        <label class="kern-label" for="upload-file">${t.uploadChoose}</label>
        <input id="upload-file" type="file" ref=${input} accept=${rules.types.join(",")} aria-describedby="upload-hint"
          onChange=${(e) => { upload([...e.target.files]); e.target.value = ""; }} />
      </div>
    </div>`;
}

export function Notes({ api, caseId, notes, onChanged, announce }) {
  const [text, setText] = useState("");
  const [personal, setPersonal] = useState(false);
  const [error, setError] = useState(null);
  const add = async (event) => {
    event.preventDefault();
    if (!text.trim()) return;
    try {
      await api.post(`/cases/${encodeURIComponent(caseId)}/notes`, { text, personal });
      setText("");
      setPersonal(false);
      setError(null);
      announce(t.noteAdded);
      onChanged();
    } catch (e) {
      setError(`${t.actionFailed} ${e.message}`);
    }
  };
  return html`${notes.length
      ? html`<ul class="kern-list" data-testid="notes">${notes.map((n) => html`<li key=${n.id}><p class="kern-body">${n.text}</p><p class="aw-muted">${n.author}, ${formatDateTime(n.created_at)}${n.personal ? `, ${t.personalBadge}` : ""}</p></li>`)}</ul>`
      : html`<p class="kern-body aw-muted">${t.notesNone}</p>`}
    <form onSubmit=${add}>
      <div class="kern-form-input">
        <label class="kern-label" for="note-text">${t.noteText}</label>
        ${error ? html`<p class="kern-error" id="note-error">${error}</p>` : null}
        <textarea class="kern-form-input__input" id="note-text" rows="3" value=${text} onInput=${(e) => setText(e.target.value)}
          aria-describedby=${error ? "note-error" : undefined} />
      </div>
      <div class="kern-form-check">
        <input class="kern-form-check__checkbox" type="checkbox" id="note-personal" checked=${personal} onChange=${(e) => setPersonal(e.target.checked)} />
        <label class="kern-label" for="note-personal">${t.notePersonal}</label>
      </div>
      <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t.addNote}</span></button>
    </form>`;
}
