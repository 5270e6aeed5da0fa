// A page that is a chunk of its own (esbuild's code splitting): fetched and run when first shown,
// "Wird geladen …" until then, a message when the chunk cannot be loaded.
import { useEffect, useState } from "preact/hooks";
import { html } from "./html.js";
import { strings as t } from "../clerk/strings.js";

// `load()` resolves to the page's component, which gets the other props.
export function Lazy({ load, ...props }) {
  const [page, setPage] = useState(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    load().then((component) => setPage(() => component), () => setFailed(true));
  }, []);
  if (failed) return html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body"><p class="kern-body">${t.pageLoadFailed}</p></div></div>`;
  return page ? html`<${page} ...${props} />` : html`<p role="status">${t.loading}</p>`;
}
