// The clerks' application: sign-in, Postkorb, Vorgang and (for admins) Verwaltung, on the REST API
// only, with the token in sessionStorage. Routes: /anmelden, /postkorb, /vorgang/<case id>,
// /verwaltung/... (src/admin/verwaltung.js). A 401 from any call (the token
// expired or was revoked) ends the session and returns to sign-in with a message.
import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { apiClient } from "../lib/api.js";
import { html } from "../lib/html.js";
import { clearSession, loadSession, saveSession } from "../lib/session.js";
import { Lazy } from "../lib/lazy.js";
import { Link, navigate } from "../lib/nav.js";
import { Postkorb } from "./postkorb.js";
import { SignIn } from "./signin.js";
import { strings as t } from "./strings.js";

// The Vorgang page, with the form validator (ajv) it needs, and the Verwaltung pages, with their
// YAML editor, are chunks of their own, fetched and run when first opened: the Postkorb's first
// load neither downloads nor evaluates them.
const loadVorgang = () => import("./vorgang.js").then((module) => module.Vorgang);
const loadVerwaltung = () => import("../admin/verwaltung.js").then((module) => module.Verwaltung);

function useLocation() {
  const [where, setWhere] = useState(location.pathname + location.search);
  useEffect(() => {
    const update = () => setWhere(location.pathname + location.search);
    addEventListener("popstate", update);
    return () => removeEventListener("popstate", update);
  }, []);
  return new URL(where, location.origin);
}

// Focus goes to the main content after an in-app navigation (as a page load would start there for
// a screen reader), but not on the first load, where the skip link must come first.
let navigated = false;
addEventListener("popstate", () => (navigated = true));

function Shell({ me, onSignOut, title, children, path }) {
  useEffect(() => {
    document.title = `${title} – ${t.app}`;
    if (navigated) document.getElementById("inhalt")?.focus({ preventScroll: true });
  }, [title, path]);
  return html`<a class="aw-skip-link" href="#inhalt">${t.skipLink}</a>
    <header class="aw-header">
      <div class="kern-container aw-header__bar">
        <span class="aw-brand">${t.app}</span>
        ${me
          ? html`<nav class="aw-nav" aria-label=${t.nav}>
                <ul>
                  <li><${Link} href="/postkorb" aria-current=${path.startsWith("/postkorb") ? "page" : undefined}>${t.postkorb}</${Link}></li>
                  ${me.roles.includes("admin")
                    ? html`<li><${Link} href="/verwaltung" aria-current=${path.startsWith("/verwaltung") ? "page" : undefined}>${t.verwaltung}</${Link}></li>`
                    : null}
                </ul>
              </nav>
              <div class="aw-user">
                <span>${t.signedInAs(me)}</span>
                <button class="kern-btn kern-btn--secondary" type="button" onClick=${onSignOut}><span class="kern-label">${t.signOut}</span></button>
              </div>`
          : null}
      </div>
    </header>
    <main id="inhalt" class="kern-container" tabindex="-1">${children}</main>
    <footer class="aw-footer"><div class="kern-container aw-muted">${t.footer}</div></footer>`;
}

// The server's /config.json (the demo users), which only the sign-in page needs: the Postkorb's
// first load does not spend a request on it.
const loadConfig = () =>
  fetch("/config.json")
    .then((response) => response.json())
    .catch(() => ({ demo: false, demo_users: [] }));

function App() {
  const url = useLocation();
  const [config, setConfig] = useState(null);
  const [session, setSession] = useState(loadSession());
  const signingIn = !session || url.pathname === "/anmelden";
  useEffect(() => {
    if (signingIn && !config) loadConfig().then(setConfig);
  }, [signingIn]);
  const [notice, setNotice] = useState(null);
  const endSession = (message) => {
    clearSession();
    setSession(null);
    setNotice(message);
    navigate("/anmelden");
  };
  const api = useMemo(() => session && apiClient(session.token, () => endSession(t.sessionExpired)), [session?.token]);
  const path = url.pathname;

  if (signingIn) {
    const signedIn = (token, me) => {
      saveSession({ token, me });
      setSession({ token, me });
      setNotice(null);
      navigate("/postkorb");
    };
    return html`<${Shell} title=${t.signInTitle} path=${path}>
      ${config
        ? html`<${SignIn} config=${config} preselect=${url.searchParams.get("nutzer")} notice=${notice} onSignedIn=${signedIn} />`
        : html`<p role="status">${t.loading}</p>`}
    </${Shell}>`;
  }
  const shell = (title, body) =>
    html`<${Shell} me=${session.me} title=${title} path=${path} onSignOut=${() => endSession(t.signedOut)}>${body}</${Shell}>`;
  if (path === "/" || path === "/postkorb") {
    if (path === "/") history.replaceState(null, "", "/postkorb");
    return shell(t.postkorb, html`<${Postkorb} api=${api} me=${session.me} params=${url.searchParams} />`);
  }
  const caseMatch = path.match(/^\/vorgang\/([^/]+)$/);
  if (caseMatch) {
    const id = decodeURIComponent(caseMatch[1]);
    return shell(t.caseTitle(id), html`<${Lazy} load=${loadVorgang} key=${id} api=${api} me=${session.me} caseId=${id} taskId=${url.searchParams.get("aufgabe")} />`);
  }
  if ((path === "/verwaltung" || path.startsWith("/verwaltung/")) && session.me.roles.includes("admin"))
    return shell(t.verwaltung, html`<${Lazy} load=${loadVerwaltung} api=${api} url=${url} />`);
  return shell(t.notFoundPage, html`<h1 class="kern-heading-large">${t.notFoundPage}</h1><p><${Link} href="/postkorb">${t.toPostkorb}</${Link}></p>`);
}

function start() {
  const root = document.getElementById("app");
  root.replaceChildren();
  render(html`<${App} />`, root);
}

start();
