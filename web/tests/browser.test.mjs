// The web UI in a real browser (Debian's chromium, headless, driven by playwright-core) against a
// real `amtsweg serve --demo`: clerks' flows, the citizen's applications, escaping, keyboard-only
// use, axe-core on every page and state, screenshots, and the Postkorb's first page with 10,000
// open tasks. Run by ctest (test "web: browser") as: node web/tests/browser.test.mjs AMTSWEG OUTDIR
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assertFits, harness, launchBrowser, requireBuiltUi, signIn } from "./harness.mjs";
import { api, fillInbox, startServer, waitForPostkorb } from "./server.mjs";

const sourceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const amtsweg = path.resolve(process.argv[2] || "build/amtsweg");
const outDir = path.resolve(process.argv[3] || "build/web-test");
requireBuiltUi(sourceDir);
const { step, axe, shot, newPage, finish } = harness(outDir);

const XSS = "<img src=x onerror=alert(1)>";
// A municipality's own process whose parking zones are a param (x-enum-param): each municipality
// lists its own, the form offers them, intake checks them.
const PARKING_PROCESS = `id: bewohnerparken
title: Bewohnerparkausweis beantragen
description: Ein Parkausweis für Ihre Bewohnerparkzone.
params:
  zones:
    default: [A, B]
    description: die Bewohnerparkzonen der Kommune
start: pruefung
form:
  type: object
  required: [name, zone]
  properties:
    name: {type: string, title: Vor- und Nachname, minLength: 1}
    zone: {type: string, title: Parkzone, x-enum-param: zones}
states:
  pruefung:
    task:
      title: Parkausweis prüfen
      role: standesamt
    on:
      task.completed: erteilt
  erteilt:
    final: true
`;

// The case's drawing from the API: which state nodes carry the "(aktuell)" mark (Graphviz writes
// each node as a <g class="node"> with its label lines as <text> elements).
async function markedStates(server, token, caseId) {
  const response = await fetch(`${server.url}/api/v1/cases/${caseId}/diagram.svg`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  const svg = await response.text();
  return [...svg.matchAll(/<g id="[^"]*" class="node">([\s\S]*?)<\/g>/g)]
    .filter(([, node]) => node.includes(">(aktuell)</text>"))
    .map(([, node]) => node.match(/<title>([^<]*)<\/title>/)[1]);
}

// Keyboard only: Tab until the focused element matches `selector` (at most `limit` presses).
async function tabTo(page, selector, limit = 200) {
  for (let i = 0; i < limit; ++i) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

const browser = await launchBrowser();
const started = Date.now();
const server = await startServer({ amtsweg, sourceDir });
console.log(`server ${server.url} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
const giessen = {
  anna: api(server.url, server.tokens["giessen/anna.schmidt"]),
  portal: api(server.url, server.tokens["giessen/buergerportal"]),
  admin: api(server.url, server.tokens["giessen/admin"]),
};

try {
  await step("the UI is served with its security headers; the token is never in a URL", async () => {
    const response = await fetch(`${server.url}/postkorb`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-security-policy"), /frame-ancestors 'none'/);
    assert.doesNotMatch(response.headers.get("content-security-policy"), /unsafe-inline/);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.doesNotMatch(server.output.match(/Sign in as a demo user[\s\S]*?\n\n/)?.[0] || "", /amtsweg_/);
  });

  const xssCase = await giessen.portal.post("/processes/meldebescheinigung/cases", {
    applicant: { name: XSS, birth_date: "1990-05-05", address: "Marktplatz 1, 35390 Gießen", email: "x@example.org" },
    kind: "einfach", purpose: "pension", delivery: "post",
  });

  const anna = await newPage(browser);
  await step("a clerk signs in with a demo user (sign-in page, then the Postkorb)", async () => {
    await anna.goto(`${server.url}/anmelden?nutzer=giessen/anna.schmidt`);
    await axe(anna, "Anmelden");
    await shot(anna, "anmelden");
    await anna.getByRole("button", { name: "Anmelden" }).click();
    await anna.locator("[data-testid=postkorb]").waitFor();
    assert.ok(await anna.evaluate(() => sessionStorage.getItem("amtsweg.session")));
    assert.equal(await anna.evaluate(() => document.cookie), "");
    assert.ok(!anna.url().includes("amtsweg_"));
    await axe(anna, "Postkorb");
    await shot(anna, "postkorb");
    // A clerk is no administrator: no Verwaltung in the navigation, and its address is not a page.
    assert.equal(await anna.getByRole("link", { name: "Verwaltung" }).count(), 0);
  });

  await step("an XSS payload in the applicant's name shows as text in the Postkorb and the Vorgang", async () => {
    // The applicant column comes with the task listing (the case's summary): no request per case.
    const caseRequests = [];
    const watch = (request) => /\/api\/v1\/cases\//.test(request.url()) && caseRequests.push(request.url());
    anna.on("request", watch);
    await anna.getByLabel("Suche").fill("<img src=x");
    await anna.getByRole("button", { name: "Filter anwenden" }).click();
    const row = anna.locator(`tr:has-text("${xssCase.id}")`).first();
    await row.locator('[data-column="applicant"]', { hasText: XSS }).waitFor();
    assert.ok((await row.textContent()).includes(XSS));
    assert.equal(await anna.locator("table img").count(), 0);
    anna.off("request", watch);
    assert.deepEqual(caseRequests, [], "the Postkorb fetched cases one by one");
    await row.getByRole("link").click();
    await anna.locator("[data-testid=application]").waitFor();
    assert.ok((await anna.locator("[data-testid=application]").textContent()).includes(XSS));
    assert.equal(await anna.locator("main img:not(.aw-diagram)").count(), 0);
  });

  let interestCase = null;
  await step("the clerk filters to overdue tasks, searches an interest check, is stopped by a missing reason, then completes it", async () => {
    await anna.goto(`${server.url}/postkorb?ueberfaellig=ja`);
    await anna.locator("[data-testid=postkorb]").waitFor();
    await axe(anna, "Postkorb (überfällig)");
    await shot(anna, "postkorb-ueberfaellig");
    const overdueRows = anna.locator("[data-testid=postkorb] tbody tr[data-task]");
    assert.ok((await overdueRows.count()) > 0, "the demo has overdue tasks");
    for (const text of await overdueRows.allTextContents()) assert.match(text, /überfällig/);
    // The interest check (whose rejection needs a reason) is found by the text search. Whether the
    // simulated demo history has one open depends on the time of day, so the test files its own.
    const sibling = await giessen.portal.post("/processes/personenstandsurkunde/cases", {
      applicant: { name: "Jonas Beispiel", email: "jonas@example.org", address: { street: "Marktplatz 2", postcode: "35390", city: "Gießen" } },
      certificate: "birth", register_entry: { number: "G 1999/1987", person: "Lena Beispiel", event_date: "1987-04-01" },
      copies: 1, purpose: "general", relation: "sibling", delivery: "post",
      interest: "Nachlassverfahren nach dem Tod unserer Mutter",
    });
    await anna.goto(`${server.url}/postkorb?suche=Interesse`);
    await anna.locator("[data-testid=postkorb]").waitFor();
    const rows = anna.locator("[data-testid=postkorb] tbody tr[data-task]");
    assert.ok((await rows.count()) > 0, "the search finds open interest checks");
    for (const text of await rows.allTextContents()) assert.match(text, /Interesse/);
    await anna.goto(`${server.url}/postkorb?suche=${encodeURIComponent("G 1999/1987")}`);
    const link = rows.filter({ hasText: sibling.id }).getByRole("link");
    await link.click();
    await anna.locator("[data-testid=case-facts]").waitFor();
    interestCase = decodeURIComponent(new URL(anna.url()).pathname.split("/").pop());
    // The drawing marks the current state in the drawing itself (outline, fill and text).
    const diagram = anna.locator("[data-testid=diagram]");
    await diagram.waitFor();
    assert.match(await diagram.getAttribute("alt"), /Zustand „Interesse prüfen“ ist fett umrandet/);
    assert.match(await anna.locator("[data-testid=case-state]").textContent(), /^Interesse prüfen – Ein Standesbeamter prüft/);
    // Which version of the procedure the case runs (an administrator may move it to another).
    assert.match(await anna.locator("[data-testid=case-version]").textContent(), /^Version [1-9][0-9]*$/);
    assert.ok(await diagram.evaluate((img) => img.complete && img.naturalWidth > 0), "the drawing is shown");
    assert.deepEqual(await markedStates(server, server.tokens["giessen/anna.schmidt"], interestCase), ["interest_check"]);
    await axe(anna, "Vorgang");
    await shot(anna, "vorgang");
    await anna.getByLabel("Antrag ablehnen").check();
    await anna.getByRole("button", { name: "Abschließen" }).click();
    const reason = anna.getByLabel(/^Begründung/);
    await anna.locator(".aw-error-summary").waitFor();
    assert.equal(await reason.getAttribute("aria-invalid"), "true");
    const described = await reason.getAttribute("aria-describedby");
    assert.match(await anna.locator(`[id="${described.split(" ").pop()}"]`).textContent(), /Bitte füllen Sie dieses Feld aus/);
    await axe(anna, "Vorgang (Fehler im Entscheidungsformular)");
    await shot(anna, "vorgang-fehler");
    await reason.fill("Ein berechtigtes Interesse ist nicht dargelegt.");
    await anna.getByRole("button", { name: "Abschließen" }).click();
    await anna.locator("[data-testid=case-state]", { hasText: "Abgelehnt" }).waitFor();
    const moved = await giessen.anna.get(`/cases/${interestCase}`);
    assert.equal(moved.state, "rejected");
    assert.deepEqual(await markedStates(server, server.tokens["giessen/anna.schmidt"], interestCase), ["rejected"]);
    // The history says in German what happened, with the task form's labels and enum titles; the
    // raw entry stays available.
    const history = anna.locator("[data-testid=history]");
    const completed = history.locator("li", { hasText: /^Aufgabe „Interesse prüfen/ }).filter({ hasText: "erledigt von anna.schmidt" });
    await completed.first().waitFor();
    assert.match(
      await completed.first().locator("[data-testid=history-summary]").textContent(),
      /^Aufgabe „Interesse prüfen: .*“ erledigt von anna\.schmidt: Entscheidung = Antrag ablehnen; Begründung = Ein berechtigtes Interesse ist nicht dargelegt\.$/,
    );
    const summaries = await history.locator("[data-testid=history-summary]").allTextContents();
    assert.match(summaries[0], /^Antrag eingegangen/);
    assert.equal(summaries.filter((s) => /^Antrag eingegangen/.test(s)).length, 1, summaries.join(" | "));
    assert.ok(!summaries.some((s) => /^task\.|^case\./.test(s)), `raw event names as summaries: ${summaries.join(" | ")}`);
    const transition = history.locator("li", { hasText: /Zustand: .* → / }).last();
    assert.match(await transition.textContent(), /Zustand: (interest_check|Interesse prüfen|[^→]+) → /);
    assert.match(await history.textContent(), /Ablehnungsgrund: Ein berechtigtes Interesse ist nicht dargelegt\./);
    const raw = completed.first().locator("details");
    await raw.locator("summary").click();
    assert.match(await raw.textContent(), /task\.completed/);
    await axe(anna, "Vorgang (nach Abschluss, Verlauf)");
  });

  let fourEyesCase = null;
  await step("four eyes: the preparer cannot approve; the second clerk approves and the case moves", async () => {
    const preparation = (await giessen.anna.get("/tasks?q=ausstellen&process=personenstandsurkunde&limit=100")).tasks.find(
      (task) => task.stage === "prepare" && task.status === "open",
    );
    assert.ok(preparation, "an open preparation task exists");
    fourEyesCase = preparation.case_id;
    await anna.goto(`${server.url}/vorgang/${fourEyesCase}?aufgabe=${preparation.id}`);
    await anna.getByRole("radio", { name: "Urkunde ausstellen" }).check();
    await anna.getByRole("button", { name: "Abschließen" }).click();
    await anna.getByText("Sie haben diese Aufgabe vorbereitet").waitFor();
    assert.equal(await anna.getByRole("button", { name: "Freigeben" }).count(), 0);
    await anna.goto(`${server.url}/postkorb?suche=${fourEyesCase}`);
    const row = anna.locator(`tr[data-task="${preparation.id}"]`);
    await row.getByText("Freigabe durch eine andere Person").waitFor();
    assert.equal(await row.getByRole("button", { name: /Übernehmen/ }).count(), 0);
    await shot(anna, "postkorb-vier-augen");

    const ben = await newPage(browser);
    await signIn(ben, server, "giessen/ben.keller");
    await ben.goto(`${server.url}/vorgang/${fourEyesCase}`);
    await ben.getByText("Vorbereitete Entscheidung").waitFor();
    assert.match(await ben.locator(`[data-task="${preparation.id}"] dl`).last().textContent(), /Urkunde ausstellen/);
    await axe(ben, "Vorgang (Freigabe, Vier-Augen)");
    await shot(ben, "vorgang-freigabe");
    await ben.getByRole("button", { name: "Freigeben" }).click();
    await ben.locator("[data-testid=case-state]", { hasText: /Versand per Post|Ausgestellt/ }).waitFor();
    const moved = await giessen.anna.get(`/cases/${fourEyesCase}`);
    assert.match(moved.state, /mailing|issued/);
    await axe(ben, "Vorgang (nach Freigabe)");

    // A revoked token leads back to sign-in with a clear message.
    await giessen.admin.delete("/tokens/ben.keller");
    await ben.getByRole("link", { name: "Postkorb" }).first().click();
    await ben.getByText("abgelaufen oder wurde widerrufen").waitFor();
    assert.equal(await ben.evaluate(() => sessionStorage.getItem("amtsweg.session")), null);
    await ben.context().close();
  });

  await step("sign-out clears the session", async () => {
    await anna.getByRole("button", { name: "Abmelden" }).click();
    await anna.getByText("Sie haben sich abgemeldet").waitFor();
    assert.equal(await anna.evaluate(() => sessionStorage.getItem("amtsweg.session")), null);
  });

  const citizen = await newPage(browser);
  await step("Online-Antrag Meldebescheinigung: one invalid field, then valid, then the case reference", async () => {
    await citizen.goto(`${server.url}/antrag/`);
    await axe(citizen, "Online-Antrag (Übersicht)");
    await shot(citizen, "antrag-uebersicht");
    await citizen.getByRole("link", { name: "Meldebescheinigung beantragen" }).click();
    await citizen.getByLabel(/^Vor- und Nachname/).fill("Erika Mustermann");
    await citizen.getByLabel(/^Geburtsdatum/).fill("1964-08-12");
    await citizen.getByLabel(/^Anschrift/).fill("Bahnhofstraße 1, 35390 Gießen");
    await citizen.getByLabel(/^E-Mail-Adresse/).fill("erika.example.org");
    await citizen.getByLabel("Einfache Meldebescheinigung").check();
    await citizen.getByLabel("Für den Arbeitgeber").check();
    await citizen.getByLabel("Per Post").check();
    await axe(citizen, "Online-Antrag (Formular)");
    await citizen.getByRole("button", { name: "Antrag absenden" }).click();
    const summary = citizen.locator(".aw-error-summary");
    await summary.waitFor();
    assert.equal(await citizen.evaluate(() => document.activeElement.classList.contains("aw-error-summary")), true);
    await summary.getByRole("link", { name: /E-Mail-Adresse/ }).click();
    assert.equal(await citizen.evaluate(() => document.activeElement.id), "antrag-applicant-email");
    assert.match(await citizen.locator("#antrag-applicant-email-error").textContent(), /Schreibweise/);
    await axe(citizen, "Online-Antrag (Fehlerzusammenfassung)");
    await shot(citizen, "antrag-fehler");
    await citizen.getByLabel(/^E-Mail-Adresse/).fill("erika@example.org");
    await citizen.getByRole("button", { name: "Antrag absenden" }).click();
    const reference = await citizen.locator("[data-testid=case-reference]").textContent();
    assert.match(reference, /^C-/);
    assert.equal(await citizen.locator("[data-testid=fee]").textContent(), "10,00\u00a0€");
    assert.match(await citizen.locator("[data-testid=payment-reference]").textContent(), /^MB-C-/);
    await axe(citizen, "Online-Antrag (Bestätigung)");
    await shot(citizen, "antrag-bestaetigung");
    const created = await giessen.portal.get(`/cases/${reference}`);
    assert.equal(created.data.applicant.name, "Erika Mustermann");
  });

  await step("Online-Antrag Personenstandsurkunde: conditional fields, one invalid field, then the case reference", async () => {
    await citizen.goto(`${server.url}/antrag/personenstandsurkunde`);
    await citizen.getByLabel(/^Vor- und Nachname/).fill("Max Beispiel");
    await citizen.getByLabel(/^E-Mail-Adresse/).fill("max@example.org");
    await citizen.getByLabel("Geburtsurkunde").check();
    await citizen.getByLabel(/^Registernummer/).fill("G 12/1985");
    await citizen.getByLabel(/^Name der eingetragenen Person/).fill("Moritz Beispiel");
    await citizen.getByLabel(/^Anzahl der Exemplare/).fill("2");
    await citizen.getByLabel("Verwendungszweck").selectOption({ label: "Erbschaft" });
    assert.equal(await citizen.getByLabel(/^Ihr berechtigtes Interesse/).count(), 0);
    await citizen.getByLabel("Ihr Verhältnis zur eingetragenen Person").selectOption({ label: "Geschwister" });
    await citizen.getByLabel(/^Ihr berechtigtes Interesse/).waitFor();
    await citizen.getByLabel("Digital in Ihr Postfach").check();
    await citizen.getByRole("button", { name: "Antrag absenden" }).click();
    await citizen.locator(".aw-error-summary").getByRole("link", { name: /Ihr berechtigtes Interesse/ }).waitFor();
    await axe(citizen, "Online-Antrag Urkunde (Fehler)");
    await citizen.getByLabel(/^Ihr berechtigtes Interesse/).fill("Ich brauche die Urkunde für den Erbschein meines Bruders.");
    await citizen.getByLabel("Per Post").check();
    await citizen.getByLabel(/^Straße und Hausnummer/).fill("Lahnstraße 5");
    await citizen.getByLabel(/^Postleitzahl/).fill("35037");
    await citizen.getByLabel(/^Ort/).fill("Marburg");
    await citizen.getByRole("button", { name: "Antrag absenden" }).click();
    const reference = await citizen.locator("[data-testid=case-reference]").textContent();
    const created = await giessen.portal.get(`/cases/${reference}`);
    assert.equal(created.state, "interest_check");
    assert.equal(created.data.applicant.address.city, "Marburg");
  });

  await step("Online-Antrag with the municipality's own values (x-enum-param): offered as a select, a value withdrawn meanwhile refused at the field", async () => {
    const admin = server.tokens["giessen/admin"];
    const deployed = await fetch(`${server.url}/api/v1/processes?name=bewohnerparken.yaml`, {
      method: "POST", headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/yaml" }, body: PARKING_PROCESS,
    });
    assert.equal(deployed.status, 201, await deployed.text());
    const zones = ["Nord", "Süd", "Ost", "West", "Altstadt", "Bahnhof"];
    await giessen.admin.put("/processes/bewohnerparken/params", { overrides: { zones } });
    await citizen.goto(`${server.url}/antrag/bewohnerparken`);
    const zone = citizen.getByLabel(/^Parkzone/);
    await zone.waitFor();
    const offered = (await zone.locator("option").allTextContents()).slice(1); // after "Bitte wählen"
    assert.deepEqual(offered, zones, "the select offers giessen's zones, not the definition's default [A, B]");
    await axe(citizen, "Online-Antrag (Werte der Kommune)");
    await citizen.getByLabel(/^Vor- und Nachname/).fill("Petra Parker");
    await zone.selectOption({ label: "Bahnhof" });
    // The municipality withdraws a zone while the form is open: the browser still offers it, the
    // server refuses it, and the message at the field names the zones there are now.
    await giessen.admin.put("/processes/bewohnerparken/params", { overrides: { zones: zones.slice(0, 5) } });
    await citizen.getByRole("button", { name: "Antrag absenden" }).click();
    await citizen.locator("#antrag-zone-error").waitFor();
    assert.match(await citizen.locator("#antrag-zone-error").textContent(), /nicht möglich.*Nord, Süd, Ost, West, Altstadt\./);
    assert.equal(await zone.getAttribute("aria-invalid"), "true");
    await citizen.locator(".aw-error-summary").getByRole("link", { name: /Parkzone/ }).waitFor();
    await axe(citizen, "Online-Antrag (Wert abgelehnt)");
    await shot(citizen, "antrag-werte-der-kommune");
    await zone.selectOption({ label: "Altstadt" });
    await citizen.getByRole("button", { name: "Antrag absenden" }).click();
    const reference = await citizen.locator("[data-testid=case-reference]").textContent();
    assert.equal((await giessen.portal.get(`/cases/${reference}`)).data.zone, "Altstadt");
  });

  // The administrator's pages (after the step above deployed bewohnerparken): a refused deployment's
  // findings at their line and column in the editor, the fix deployed as the next version.
  const admin = await newPage(browser);
  const cspViolations = [];
  admin.on("console", (message) => /Content.Security.Policy/i.test(message.text()) && cspViolations.push(message.text()));
  await step("Verwaltung: a refused definition's findings at their line in the editor; fixed, it is deployed as version n+1", async () => {
    await signIn(admin, server, "giessen/admin");
    await admin.getByRole("link", { name: "Verwaltung" }).click();
    await admin.locator("[data-testid=processes]").waitFor();
    await axe(admin, "Verwaltung: Verfahren");
    await admin.getByRole("link", { name: "Bewohnerparkausweis beantragen" }).click();
    const source = admin.locator("[data-testid=version-source]");
    await source.waitFor();
    const latest = Math.max(...(await giessen.admin.get("/processes/bewohnerparken")).versions.map((v) => v.version));
    assert.equal(await source.textContent(), await (await fetch(`${server.url}/api/v1/processes/bewohnerparken/versions/${latest}`,
      { headers: { Authorization: `Bearer ${server.tokens["giessen/admin"]}` } })).text());
    await admin.waitForFunction(() => document.querySelector("[data-testid=process-diagram]")?.naturalWidth > 0); // the drawing is shown
    await axe(admin, "Verwaltung: Verfahren (eines)");
    await shot(admin, "verwaltung-verfahren");

    // A new version from the deployed one, uploaded as a file: a new title, and a transition to a
    // state that does not exist (which also leaves "erteilt" unreachable: two findings).
    await admin.getByRole("link", { name: "Als Vorlage für eine neue Version öffnen" }).click();
    await admin.locator(".cm-content").waitFor();
    const broken = PARKING_PROCESS.replace("title: Bewohnerparkausweis beantragen", "title: Bewohnerparkausweis beantragen (ab 2027)")
      .replace("task.completed: erteilt", "task.completed: genehmigt");
    const brokenLines = broken.split("\n");
    const line = brokenLines.findIndex((l) => l.includes("genehmigt")) + 1;
    const column = brokenLines[line - 1].indexOf("genehmigt") + 1;
    await admin.getByLabel("YAML-Datei hochladen").setInputFiles({ name: "bewohnerparken.yaml", mimeType: "application/yaml", buffer: Buffer.from(broken) });
    await admin.waitForFunction((text) => document.querySelector("[data-testid=yaml-editor]").shadowRoot.querySelector(".cm-content").innerText.includes(text), "genehmigt");
    await admin.getByRole("button", { name: "Bereitstellen" }).click();
    const findings = admin.locator("[data-testid=deploy-findings]");
    await findings.waitFor();
    // The summary takes the focus in an effect after it is drawn: wait for it (a loaded machine was slower).
    await admin.waitForFunction(() => document.activeElement?.dataset.testid === "deploy-findings", null, { timeout: 5000 })
      .catch(() => {});
    assert.equal(await admin.evaluate(() => document.activeElement?.dataset.testid), "deploy-findings", "the summary gets the focus");
    const finding = findings.getByRole("button", { name: `Zeile ${line}, Spalte ${column}: transition to unknown state 'genehmigt'` });
    await finding.waitFor();
    assert.match(await findings.textContent(), /abgelehnt: 2 Befunde/);
    // In the editor: the marked range starts at the finding's column, and the lint gutter has a
    // marker on exactly that line (and on the unreachable state's line).
    const marked = await admin.locator(".cm-lintRange-error").allTextContents();
    assert.ok(marked.includes("genehmigt"), `marked ranges: ${JSON.stringify(marked)}`);
    const markerLines = await admin.evaluate(() => {
      const editor = document.querySelector("[data-testid=yaml-editor]").shadowRoot;
      const numbers = [...editor.querySelectorAll(".cm-lineNumbers .cm-gutterElement")].map((e) => [e.getBoundingClientRect().top, e.textContent]);
      const topOf = (marker) => marker.closest(".cm-gutterElement").getBoundingClientRect().top;
      return [...editor.querySelectorAll(".cm-lint-marker-error")].map((m) => numbers.find(([top]) => Math.abs(top - topOf(m)) < 2)?.[1]);
    });
    assert.ok(markerLines.includes(String(line)), `lint markers on lines ${markerLines}`);
    assert.equal(markerLines.length, 2);
    await axe(admin, "Verwaltung: Bereitstellen (abgelehnt)");
    await shot(admin, "verwaltung-bereitstellen-abgelehnt");
    assert.equal(Math.max(...(await giessen.admin.get("/processes/bewohnerparken")).versions.map((v) => v.version)), latest, "a refusal changes nothing");

    // The finding's button puts the cursor on the wrong target; the keyboard fixes it there.
    await finding.click();
    await admin.keyboard.press("Shift+End");
    await admin.keyboard.type("erteilt");
    await admin.getByRole("button", { name: "Bereitstellen" }).click();
    await admin.getByText(`Bereitgestellt: bewohnerparken, Version ${latest + 1}.`).waitFor();
    assert.equal(await findings.count(), 0);
    assert.equal(await admin.locator(".cm-lint-marker-error").count(), 0);
    const deployed = await giessen.admin.get("/processes/bewohnerparken");
    assert.equal(Math.max(...deployed.versions.map((v) => v.version)), latest + 1);
    assert.equal(deployed.title, "Bewohnerparkausweis beantragen (ab 2027)");
    await axe(admin, "Verwaltung: Bereitstellen (bereitgestellt)");
    assert.deepEqual(cspViolations, [], "the editor needs nothing the Content-Security-Policy refuses");
  });

  // Completion and hover help in the editor come from the process language's JSON Schema, the
  // text `amtsweg schema` prints: the keys of a state inside a state, their descriptions.
  await step("Verwaltung: the YAML editor completes the keys valid at the cursor and explains them (GET /api/v1/schema/process)", async () => {
    const schemaLoaded = admin.waitForResponse((r) => r.url().endsWith("/api/v1/schema/process") && r.status() === 200);
    await admin.goto(`${server.url}/verwaltung/bereitstellen`);
    await admin.locator(".cm-content").waitFor();
    await schemaLoaded;
    const draft = "id: probe\ntitle: Probe\nstart: a\nstates:\n  a:\n    title: Anfang\n    ta";
    await admin.getByLabel("YAML-Datei hochladen").setInputFiles({ name: "probe.yaml", mimeType: "application/yaml", buffer: Buffer.from(draft) });
    await admin.waitForFunction(() => document.querySelector("[data-testid=yaml-editor]").shadowRoot.querySelector(".cm-content").innerText.includes("Anfang"));
    await admin.locator(".cm-content").click();
    await admin.keyboard.press("Control+End");
    await admin.keyboard.type("s");
    const labels = admin.locator(".cm-tooltip-autocomplete .cm-completionLabel");
    await labels.first().waitFor();
    const offered = await labels.allTextContents();
    assert.ok(offered.includes("task"), `offered: ${offered}`);
    assert.ok(!offered.includes("states"), `a state's keys only, not the top level's: ${offered}`);
    await admin.locator(".cm-completionInfo", { hasText: "A clerk's task created on entering the state" }).waitFor();
    await shot(admin, "verwaltung-editor-vervollstaendigung");
    await admin.keyboard.press("Enter");
    await admin.waitForFunction(() => document.querySelector("[data-testid=yaml-editor]").shadowRoot.querySelector(".cm-content").innerText.includes("    task: "));

    await admin.locator(".cm-line", { hasText: "title: Probe" }).hover({ position: { x: 10, y: 6 } });
    const hover = admin.locator(".cm-tooltip-hover");
    await hover.waitFor();
    assert.match(await hover.textContent(), /^title: The name of the procedure as people know it\./);
    await axe(admin, "Verwaltung: Bereitstellen (Hilfe im Editor)");
    assert.deepEqual(cspViolations, [], "the editor's help needs nothing the Content-Security-Policy refuses");
  });

  await step("Verwaltung: the municipality's fee set in the parameter form; a new application gets it", async () => {
    await admin.getByRole("link", { name: "Verwaltung" }).click();
    await admin.getByRole("link", { name: "Meldebescheinigung beantragen" }).click();
    const fee = admin.getByLabel("fee_first", { exact: true });
    await fee.waitFor();
    assert.equal(await fee.inputValue(), "10");
    assert.match(await admin.locator("#param-fee_first-hint").textContent(), /Vorgabe der Definition/);
    await fee.fill("zwölf");
    await admin.getByRole("button", { name: "Parameter speichern" }).click();
    assert.match(await admin.locator("#param-fee_first-error").textContent(), /Zahl/);
    assert.equal(await fee.getAttribute("aria-invalid"), "true");
    assert.deepEqual((await giessen.admin.get("/processes/meldebescheinigung/params")).overrides, {}, "nothing was sent");
    await axe(admin, "Verwaltung: Parameter (Fehler)");
    await fee.fill("12,50");
    await admin.getByRole("button", { name: "Parameter speichern" }).click();
    await admin.getByText("Die Parameter sind gespeichert.", { exact: false }).waitFor();
    assert.match(await admin.locator("#param-fee_first-hint").textContent(), /Eigener Wert/);
    await axe(admin, "Verwaltung: Parameter (gespeichert)");
    await shot(admin, "verwaltung-parameter");
    const application = {
      applicant: { name: "Gebühr Neu", birth_date: "1980-01-01", address: "Weg 1, 35390 Gießen", email: "g@example.org" },
      kind: "einfach", purpose: "employer", delivery: "digital",
    };
    assert.equal((await giessen.portal.post("/processes/meldebescheinigung/cases", application)).data.fee, 12.5);
    // Back to the definition's default, through the form.
    await admin.getByRole("button", { name: "Vorgabe für fee_first verwenden" }).click();
    assert.match(await admin.locator("#param-fee_first-hint").textContent(), /beim Speichern auf die Vorgabe/);
    await admin.getByRole("button", { name: "Parameter speichern" }).click();
    await admin.locator("#param-fee_first-hint", { hasText: /^Vorgabe der Definition/ }).waitFor();
    assert.equal(await fee.inputValue(), "10");
    assert.equal((await giessen.portal.post("/processes/meldebescheinigung/cases", application)).data.fee, 10);
  });

  await step("Verwaltung: Zugänge: a token issued with its secret shown once, working, then revoked", async () => {
    await admin.getByRole("link", { name: "Verwaltung" }).click();
    await admin.getByRole("link", { name: "Zugänge" }).click();
    await admin.locator("[data-testid=tokens]").waitFor();
    await axe(admin, "Verwaltung: Zugänge");
    await admin.getByLabel("Name", { exact: true }).fill("kiosk.rathaus");
    await admin.getByRole("button", { name: "Zugang ausstellen" }).click();
    assert.match(await admin.locator("#token-roles-error").textContent(), /mindestens eine Rolle/);
    await admin.getByLabel("Rollen", { exact: true }).fill("clerk:buergerbuero");
    await admin.getByRole("button", { name: "Zugang ausstellen" }).click();
    const secret = await admin.locator("[data-testid=token-secret]").inputValue();
    assert.match(secret, /^amtsweg_/);
    assert.equal((await api(server.url, secret).get("/me")).name, "kiosk.rathaus");
    await admin.locator("tr[data-token='kiosk.rathaus']").waitFor();
    await axe(admin, "Verwaltung: Zugänge (ausgestellt)");
    await shot(admin, "verwaltung-zugaenge");
    await admin.reload();
    await admin.locator("[data-testid=tokens]").waitFor();
    assert.equal(await admin.locator("[data-testid=token-secret]").count(), 0, "the secret is shown only once");
    assert.ok(!(await admin.content()).includes(secret));
    await admin.getByRole("button", { name: "Zugang kiosk.rathaus widerrufen" }).click();
    await admin.getByText("Der Zugang kiosk.rathaus ist widerrufen", { exact: false }).waitFor();
    const after = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(after.status, 401);
    await admin.locator("tr[data-token='kiosk.rathaus']", { hasText: "widerrufen am" }).waitFor();
  });

  await step("keyboard only: sign-in, Postkorb, Vorgang, complete", async () => {
    const target = await giessen.portal.post("/processes/meldebescheinigung/cases", {
      applicant: { name: "Tastatur Test", birth_date: "1970-01-01", address: "Weg 1, 35390 Gießen", email: "t@example.org" },
      kind: "einfach", purpose: "pension", delivery: "digital",
    });
    const page = await newPage(browser);
    await page.goto(`${server.url}/anmelden?nutzer=giessen/anna.schmidt`);
    await page.getByRole("button", { name: "Anmelden" }).waitFor();  // rendered after /config.json
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Zum Inhalt springen");
    await tabTo(page, "button[type=submit]");
    await page.keyboard.press("Enter");
    await page.locator("[data-testid=postkorb]").waitFor();
    await tabTo(page, "#f-suche");
    await page.keyboard.type(target.id);
    await page.keyboard.press("Enter");
    await page.locator(`tr:has-text("${target.id}")`).waitFor();
    await tabTo(page, `a[href*="${target.id}"]`);
    await page.keyboard.press("Enter");
    await page.locator("[data-testid=case-facts]").waitFor();
    await tabTo(page, 'input[type=radio][value="approve"]');
    await page.keyboard.press("Space");
    await tabTo(page, "button[type=submit]");
    const focus = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(focus, "none", "the focus is visible");
    await page.keyboard.press("Enter");
    await page.locator("[data-testid=case-state]", { hasText: "Ausgestellt" }).waitFor();
    assert.equal((await giessen.anna.get(`/cases/${target.id}`)).state, "issued");
    await page.context().close();
  });

  await step("usable at 320 px: Postkorb, Vorgang and Online-Antrag without horizontal page scrolling", async () => {
    const page = await newPage(browser, 320);
    await signIn(page, server, "giessen/anna.schmidt");
    await assertFits(page, "Postkorb");
    await shot(page, "postkorb-320");
    await page.goto(`${server.url}/vorgang/${interestCase || xssCase.id}`);
    await page.locator("[data-testid=case-facts]").waitFor();
    await assertFits(page, "Vorgang");
    await axe(page, "Vorgang (320 px)");
    await shot(page, "vorgang-320");
    await page.goto(`${server.url}/antrag/meldebescheinigung`);
    await page.getByRole("button", { name: "Antrag absenden" }).waitFor();
    await assertFits(page, "Online-Antrag");
    await shot(page, "antrag-320");
    await signIn(page, server, "giessen/admin");
    for (const [where, ready] of [["/verwaltung", "[data-testid=processes]"], ["/verwaltung/verfahren/meldebescheinigung", "[data-testid=params]"],
      ["/verwaltung/zugaenge", "[data-testid=tokens]"], ["/verwaltung/bereitstellen?von=bewohnerparken&version=1", ".cm-content"]]) {
      await page.goto(`${server.url}${where}`);
      await page.locator(ready).waitFor();
      await assertFits(page, where);
    }
    await axe(page, "Verwaltung: Bereitstellen (320 px)");
    await shot(page, "verwaltung-bereitstellen-320");
    await page.context().close();
  });

  await step("Postkorb with 10,000 open tasks: time to the first page", async () => {
    const fillStart = Date.now();
    const open = await fillInbox(server);
    console.log(`  ${open} open tasks in marburg (setup ${((Date.now() - fillStart) / 1000).toFixed(1)} s)`);
    const page = await newPage(browser);
    await signIn(page, server, "marburg/anna.schmidt");
    const times = [];
    for (let i = 0; i < 3; ++i) times.push(await waitForPostkorb(page, `${server.url}/postkorb`));
    console.log(`  Postkorb first page with ${open} open tasks: ${times.join(" ms, ")} ms after navigation start (page load included)`);
    assert.equal(await page.locator("[data-testid=postkorb] tbody tr[data-task]").count(), 25);
    await page.context().close();
  });
} finally {
  await browser.close();
  await server.stop();
}

process.exit(finish());
