// Moving between the clerks' pages without reloading: history.pushState plus a popstate event
// the app listens to, and links that do so while staying ordinary links for the keyboard.
import { html } from "../lib/html.js";

export function navigate(path) {
  if (path === location.pathname + location.search) return;
  history.pushState(null, "", path);
  dispatchEvent(new PopStateEvent("popstate"));
}

export function Link({ href, children, ...rest }) {
  const follow = (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(href);
  };
  return html`<a class="kern-link" href=${href} onClick=${follow} ...${rest}>${children}</a>`;
}
