// The Verwaltung's operations pages in a real browser against a real `amtsweg serve --demo`:
// webhooks (a refused internal address shown at its field; a subscription to a receiver this test
// runs on loopback, its delivery; a dead letter marked, redelivered once the receiver works),
// Störungen (an incident from a failing buffered event: a retry that fails again, then one that
// works) and Wartende Ereignisse; axe-core on every page and state, 320 px layouts.
// Run by ctest (test "web: admin operations") as: node web/tests/admin_ops.test.mjs AMTSWEG OUTDIR
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assertFits, harness, launchBrowser, requireBuiltUi, signIn } from "./harness.mjs";
import { api, startServer } from "./server.mjs";

const sourceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const amtsweg = path.resolve(process.argv[2] || "build/amtsweg");
const outDir = path.resolve(process.argv[3] || "build/web-test");
requireBuiltUi(sourceDir);
const { step, axe, shot, newPage, finish } = harness(outDir);

// A municipality's own process whose early payment is kept (buffered) and whose transition on the
// payment computes a reminder date from a param: with an absurd number of days add_days fails, so
// the buffered event's delivery opens an incident; with a sane value a retry works.
const PAYMENT_PROCESS = `id: parkausweis-zahlung
title: Parkausweis mit Vorauszahlung
params:
  reminder_days: 3
events:
  payment.confirmed: {buffer: P2D}
start: checking
states:
  checking:
    on: {application.checked: awaiting_payment}
  awaiting_payment:
    on:
      payment.confirmed:
        to: paid
        do:
          - set: {remind_at: "= add_days(now, params.reminder_days)"}
  paid: {final: true, outcome: approved}
`;

// A webhook receiver on loopback: records every request; answers 200 on /hook, and on /kaputt
// 503 until `repair()`.
async function startReceiver() {
  const received = [];
  let broken = true;
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ path: request.url, id: request.headers["webhook-id"], body: JSON.parse(body) });
      response.writeHead(request.url === "/kaputt" && broken ? 503 : 200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    received,
    repair: () => (broken = false),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function until(what, check, timeoutMs = 60000) {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 100)))
    if (await check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

// Clicks "Aktualisieren" until the row matching `selector` shows.
async function refreshUntil(page, selector, timeoutMs = 60000) {
  await until(selector, async () => {
    await page.getByRole("button", { name: "Aktualisieren" }).click();
    await page.locator("[role=status]", { hasText: "Wird geladen" }).waitFor({ state: "detached" });
    return (await page.locator(selector).count()) > 0;
  }, timeoutMs);
}

const receiver = await startReceiver();
const browser = await launchBrowser();
const started = Date.now();
// Loopback is allowed as a webhook target for this test's receiver only; time runs 600 times
// faster, so a failing delivery's eight attempts (backoff from 1 minute) take seconds.
const server = await startServer({ amtsweg, sourceDir, extraArgs: ["--webhook-allow", "127.0.0.1"], clockSpeed: 600 });
console.log(`server ${server.url} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
const giessen = {
  portal: api(server.url, server.tokens["giessen/buergerportal"]),
  admin: api(server.url, server.tokens["giessen/admin"]),
};
const application = (name) => ({
  applicant: { name, birth_date: "1980-01-01", address: "Marktplatz 1, 35390 Gießen", email: "person@example.org" },
  kind: "einfach", purpose: "pension", delivery: "digital",
});

try {
  const admin = await newPage(browser);
  await signIn(admin, server, "giessen/admin");

  await step("Webhooks: a refused internal address is shown at its field and nothing is subscribed", async () => {
    await admin.getByRole("link", { name: "Verwaltung" }).click();
    await admin.getByRole("navigation", { name: "Bereiche der Verwaltung" }).getByRole("link", { name: "Webhooks" }).click();
    await admin.getByRole("heading", { level: 1, name: "Verwaltung: Webhooks" }).waitFor();
    const before = (await giessen.admin.get("/webhooks")).webhooks.length;
    await axe(admin, "Verwaltung: Webhooks");
    // Nothing typed: both required fields named before anything is sent.
    await admin.getByRole("button", { name: "Abonnieren" }).click();
    await admin.locator("#webhook-url-error", { hasText: "Bitte geben Sie die Adresse" }).waitFor();
    await admin.locator("#webhook-events-error", { hasText: "mindestens einen Ereignistyp" }).waitFor();
    await admin.getByLabel("Adresse des Empfängers").fill("http://10.20.30.40/amtsweg");
    await admin.getByLabel("Ereignistypen").fill("case.started");
    await admin.getByRole("button", { name: "Abonnieren" }).click();
    const error = admin.locator("#webhook-url-error");
    await error.waitFor();
    assert.match(await error.innerText(), /public receiver/);
    assert.equal(await admin.getByLabel("Adresse des Empfängers").getAttribute("aria-invalid"), "true");
    assert.match(await admin.getByLabel("Adresse des Empfängers").getAttribute("aria-describedby"), /webhook-url-error/);
    assert.equal(await admin.locator("#webhook-events-error").count(), 0);
    await admin.getByRole("alert").filter({ hasText: "Nicht abonniert" }).waitFor();
    assert.equal((await giessen.admin.get("/webhooks")).webhooks.length, before);
    await axe(admin, "Verwaltung: Webhooks (abgelehnte Adresse)");
    await shot(admin, "verwaltung-webhooks-abgelehnt");
  });

  let hook;
  let broken;
  await step("Webhooks: subscribing a receiver on loopback shows its secret once, and an application is delivered to it", async () => {
    await admin.getByLabel("Adresse des Empfängers").fill(`${receiver.url}/hook`);
    await admin.getByLabel("Ereignistypen").fill("case.started, case.completed");
    await admin.getByRole("button", { name: "Abonnieren" }).click();
    await admin.getByText(`Das Abonnement für ${receiver.url}/hook ist angelegt`).waitFor();
    const secret = await admin.locator("[data-testid=webhook-secret]").inputValue();
    assert.match(secret, /^whsec_/);
    hook = (await giessen.admin.get("/webhooks")).webhooks.find((w) => w.url === `${receiver.url}/hook`);
    assert.deepEqual([...hook.events].sort(), ["case.completed", "case.started"]);
    await admin.locator(`tr[data-webhook="${hook.id}"]`, { hasText: "case.started, case.completed" }).waitFor();
    // A second one whose receiver fails: its deliveries become dead letters.
    await admin.getByLabel("Adresse des Empfängers").fill(`${receiver.url}/kaputt`);
    await admin.getByLabel("Ereignistypen").fill("case.started");
    await admin.getByRole("button", { name: "Abonnieren" }).click();
    await admin.getByText(`Das Abonnement für ${receiver.url}/kaputt ist angelegt`).waitFor();
    broken = (await giessen.admin.get("/webhooks")).webhooks.find((w) => w.url === `${receiver.url}/kaputt`);
    await axe(admin, "Verwaltung: Webhooks (abonniert)");
    await shot(admin, "verwaltung-webhooks");

    const started = await giessen.portal.post("/processes/meldebescheinigung/cases", application("Webhook Empfang"));
    await until("the receiver's case.started", () => receiver.received.some((r) => r.path === "/hook" && r.body.case_id === started.id));
    const got = receiver.received.find((r) => r.path === "/hook" && r.body.case_id === started.id);
    assert.equal(got.body.type, "case.started");

    await admin.getByRole("link", { name: `Zustellungen an ${receiver.url}/hook anzeigen` }).click();
    await admin.getByRole("heading", { level: 1, name: `Webhook: ${receiver.url}/hook` }).waitFor();
    const row = `tr[data-delivery="${got.id}"][data-status=delivered]`;
    await refreshUntil(admin, row);
    const text = await admin.locator(row).innerText();
    assert.match(text, /case\.started/);
    assert.match(text, new RegExp(started.id));
    assert.match(text, /zugestellt/);
    assert.match(text, /HTTP 200/);
    await axe(admin, "Verwaltung: Webhook-Zustellungen");
    await shot(admin, "verwaltung-webhook-zustellungen");
  });

  await step("Webhooks: a delivery the receiver keeps refusing is marked as a dead letter, and redelivered once it works", async () => {
    const deliveries = `/webhooks/${broken.id}/deliveries`;
    let dead;
    await until("a dead letter", async () => (dead = (await giessen.admin.get(`${deliveries}?status=dead`)).deliveries[0]), 120000);
    assert.equal(dead.attempts, 8);
    assert.equal(dead.last_status, 503);
    await admin.goto(`${server.url}/verwaltung/webhooks/${broken.id}`);
    await admin.getByLabel("Status").selectOption("dead");
    const row = admin.locator(`tr[data-delivery="${dead.id}"][data-status=dead]`);
    await row.waitFor();
    assert.match(await row.locator(".kern-badge--danger").innerText(), /unzustellbar/);
    assert.match(await row.innerText(), /HTTP 503/);
    await axe(admin, "Verwaltung: Webhook-Zustellungen (unzustellbar)");
    await shot(admin, "verwaltung-webhook-unzustellbar");
    receiver.repair();
    const redelivered = receiver.received.filter((r) => r.id === dead.id).length;
    await row.getByRole("button", { name: `${dead.type} (${dead.id}) erneut zustellen` }).click();
    await admin.locator("[data-testid=deliveries-status]", { hasText: `Die Nachricht ${dead.type} wird erneut zugestellt.` }).waitFor();
    await admin.locator(`tr[data-delivery="${dead.id}"][data-status=pending]`).waitFor();
    await until("the redelivery", () => receiver.received.filter((r) => r.id === dead.id).length > redelivered);
    await admin.getByLabel("Status").selectOption("");
    await refreshUntil(admin, `tr[data-delivery="${dead.id}"][data-status=delivered]`);
  });

  await step("Webhooks: deleting a subscription", async () => {
    await admin.goto(`${server.url}/verwaltung/webhooks`);
    await admin.locator(`tr[data-webhook="${broken.id}"]`).waitFor();
    await admin.getByRole("button", { name: `Abonnement für ${receiver.url}/kaputt löschen` }).click();
    await admin.locator("[data-testid=webhooks-status]", { hasText: "ist gelöscht" }).waitFor();
    await admin.locator(`tr[data-webhook="${broken.id}"]`).waitFor({ state: "detached" });
    assert.ok(!(await giessen.admin.get("/webhooks")).webhooks.some((w) => w.id === broken.id));
  });

  await step("Wartende Ereignisse and Störungen: an early payment waits, its failing delivery opens an incident, a retry after the fix resolves it", async () => {
    const deployed = await fetch(`${server.url}/api/v1/processes?name=parkausweis-zahlung.yaml`, {
      method: "POST", headers: { Authorization: `Bearer ${server.tokens["giessen/admin"]}`, "Content-Type": "application/yaml" }, body: PAYMENT_PROCESS,
    });
    assert.equal(deployed.status, 201, await deployed.text());
    await giessen.admin.put("/processes/parkausweis-zahlung/params", { overrides: { reminder_days: 2000000 } });
    const parking = await giessen.portal.post("/processes/parkausweis-zahlung/cases", {});
    const eventId = `zahlung-${parking.id}`;
    await giessen.portal.post("/events", { id: eventId, type: "payment.confirmed", correlation: { case: parking.id }, payload: { amount: 30 } });

    await admin.getByRole("navigation", { name: "Bereiche der Verwaltung" }).getByRole("link", { name: "Wartende Ereignisse" }).click();
    await admin.getByRole("heading", { level: 1, name: "Verwaltung: Wartende Ereignisse" }).waitFor();
    const waiting = admin.locator(`tr[data-event="${eventId}"][data-status=buffered]`);
    await waiting.waitFor();
    const text = await waiting.innerText();
    assert.match(text, /payment\.confirmed/);
    assert.match(text, new RegExp(`case: ${parking.id}`));
    assert.match(text, /wartend/);
    await admin.getByLabel("Ereignistyp").fill("kein.solcher.typ");
    await admin.getByRole("button", { name: "Anzeigen" }).click();
    await admin.locator("[data-testid=buffered-events-empty]").waitFor();
    await admin.getByLabel("Ereignistyp").fill("payment.confirmed");
    await admin.getByRole("button", { name: "Anzeigen" }).click();
    await waiting.waitFor();
    await axe(admin, "Verwaltung: Wartende Ereignisse");
    await shot(admin, "verwaltung-wartende-ereignisse");

    // The case starts waiting for the payment: the kept event is delivered and fails.
    await giessen.portal.post("/events", { id: `geprueft-${parking.id}`, type: "application.checked", correlation: { case: parking.id } });
    let incident;
    await until("the incident", async () => ([incident] = (await giessen.admin.get(`/incidents?status=open&case=${parking.id}`)).incidents).length > 0);
    await admin.getByRole("navigation", { name: "Bereiche der Verwaltung" }).getByRole("link", { name: "Störungen" }).click();
    await admin.getByRole("heading", { level: 1, name: "Verwaltung: Störungen" }).waitFor();
    const row = admin.locator(`tr[data-incident="${incident.id}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /wartendes Ereignis/);
    assert.match(await row.innerText(), /add_days/);
    assert.equal(await row.locator("td").nth(2).innerText(), "1");
    assert.equal(await row.getByRole("link", { name: parking.id }).getAttribute("href"), `/vorgang/${parking.id}`);
    await axe(admin, "Verwaltung: Störungen");
    await shot(admin, "verwaltung-stoerungen");

    // Retried before the cause is fixed: it fails again, says so, and counts the attempt.
    const retry = row.getByRole("button", { name: `Störung ${incident.id} des Vorgangs ${parking.id} erneut versuchen` });
    await retry.click();
    await admin.locator("[data-testid=incidents-status] .kern-alert--danger", { hasText: "fehlgeschlagen" }).waitFor();
    await until("two attempts", async () => (await row.locator("td").nth(2).innerText()) === "2", 10000);
    await axe(admin, "Verwaltung: Störungen (Versuch fehlgeschlagen)");

    await giessen.admin.put("/processes/parkausweis-zahlung/params", { overrides: { reminder_days: 3 } });
    await retry.click();
    await admin.locator("[data-testid=incidents-status] .kern-alert--success", { hasText: `Störung ${incident.id} behoben: Der Vorgang ${parking.id} läuft weiter.` }).waitFor();
    await admin.locator(`tr[data-incident="${incident.id}"][data-status=resolved]`).waitFor();
    assert.equal((await giessen.admin.get(`/cases/${parking.id}`)).state, "paid");
    await admin.getByLabel("Status").selectOption("resolved");
    await admin.locator(`tr[data-incident="${incident.id}"]`, { hasText: "erneut versucht" }).waitFor();
    await axe(admin, "Verwaltung: Störungen (behoben)");

    await admin.goto(`${server.url}/verwaltung/ereignisse`);
    await admin.getByLabel("Status").selectOption("delivered");
    await admin.locator(`tr[data-event="${eventId}"][data-status=delivered]`, { hasText: parking.id }).waitFor();
  });

  await step("the operations pages at 320 px without horizontal page scrolling", async () => {
    const page = await newPage(browser, 320);
    await signIn(page, server, "giessen/admin");
    for (const [where, ready] of [["/verwaltung/webhooks", "[data-testid=webhooks]"], [`/verwaltung/webhooks/${hook.id}`, "[data-testid=deliveries]"],
      ["/verwaltung/stoerungen", "[data-testid=incidents], [data-testid=incidents-empty]"], ["/verwaltung/ereignisse", "[data-testid=buffered-events], [data-testid=buffered-events-empty]"]]) {
      await page.goto(`${server.url}${where}`);
      await page.locator(ready).first().waitFor();
      await assertFits(page, where);
    }
    await axe(page, "Verwaltung: Wartende Ereignisse (320 px)");
    await page.context().close();
  });
} finally {
  await browser.close();
  await server.stop();
  await receiver.close();
}

process.exit(finish());
