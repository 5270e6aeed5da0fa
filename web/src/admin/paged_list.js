// How a cursor-paged list (use_cursor_list.js) shows itself around its table: loading, a failure,
// the empty text, how many rows are shown, and a button for the next page while there is one.
import { html } from "../lib/html.js";
import { strings as t } from "./strings.js";

export function PagedList({ list, empty, testId, children }) {
  const failure = list.error
    ? html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body"><p class="kern-body">${t.loadFailed(list.error.message)}</p></div></div>`
    : null;
  if (!list.items) return failure || html`<p role="status">${t.loading}</p>`;
  if (!list.items.length) return html`${failure}<p class="kern-body" data-testid=${`${testId}-empty`}>${empty}</p>`;
  return html`${failure}${children(list.items)}
    <div class="aw-pager">
      <p class="kern-body" role="status">${t.shownCount(list.items.length, Boolean(list.next))}</p>
      ${list.next
        ? html`<button class="kern-btn kern-btn--secondary" type="button" disabled=${list.busy} onClick=${list.more}><span class="kern-label">${t.more}</span></button>`
        : null}
    </div>`;
}
