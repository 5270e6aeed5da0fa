// The Statistik dashboard in a real browser (Debian's chromium, headless, playwright-core) against
// a real `amtsweg serve --demo`: ekom21's consultation figures up to 2021-08-04 (385 applications,
// 108 completed), first counted from the demo data through the case search and the histories,
// then chosen in the page's form and read off the page; every chart with its table alternative and
// a CSV download; axe-core without serious or critical violations (1280 and 320 px); nothing the
// Content-Security-Policy refuses. Run by ctest ("web: dashboard"):
//   node web/tests/dashboard.test.mjs AMTSWEG OUTDIR
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assertFits, harness, launchBrowser, requireBuiltUi, signIn } from "./harness.mjs";
import { api, startServer } from "./server.mjs";

const sourceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const amtsweg = path.resolve(process.argv[2] || "build/amtsweg");
const outDir = path.resolve(process.argv[3] || "build/web-test");
requireBuiltUi(sourceDir);
const { step, axe, shot, newPage, finish } = harness(outDir);

// The end of 2021-08-04 in Germany (CEST): the published figures' "Stand 04.08.2021".
const SNAPSHOT_END = Date.parse("2021-08-05T00:00:00+02:00");
const CHARTS = ["chart-timeline", "chart-funnel", "chart-lead-time", "chart-tasks", "chart-dimension-module"];
// Every case of the process, through the case search (not the statistics).
async function allCases(client, process) {
  const cases = [];
  for (let after = ""; ; ) {
    const page = await client.get(`/processes/${process}/cases?limit=500${after ? `&after=${after}` : ""}`);
    cases.push(...page.cases);
    if (!page.next) return cases;
    after = page.next;
  }
}

// The figures as the demo data holds them: applications received by the end of the day, and
// those whose history reached the final state "closed" (outcome completed) by then.
async function countFromCases(client) {
  const cases = (await allCases(client, "digitalisierungsberatung")).filter((c) => Date.parse(c.created_at) < SNAPSHOT_END);
  let completed = 0;
  for (const c of cases.filter((c) => c.outcome === "completed")) {
    const { history } = await client.get(`/cases/${c.id}/history`);
    const closing = history.find((entry) => entry.to === "closed");
    if (closing && Date.parse(closing.at) < SNAPSHOT_END) completed += 1;
  }
  return { applications: cases.length, completed };
}

async function figure(page, testid) {
  return (await page.locator(`[data-testid=${testid}] dd`).textContent()).trim();
}

const browser = await launchBrowser();
const started = Date.now();
const server = await startServer({ amtsweg, sourceDir });
console.log(`server ${server.url} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
const ekom21 = api(server.url, server.tokens["ekom21/admin"]);

try {
  let expected;
  await step("the demo data holds 385 applications and 108 completed up to 2021-08-04 (case search and histories)", async () => {
    expected = await countFromCases(ekom21);
    assert.deepEqual(expected, { applications: 385, completed: 108 });
    const stats = await ekom21.get("/stats?process=digitalisierungsberatung&from=2020-10-01&to=2021-08-04");
    assert.equal(stats.totals.started, expected.applications);
    assert.equal(stats.totals.completed.completed, expected.completed);
  });

  const page = await newPage(browser, 1280);
  const csp = [];
  page.on("console", (message) => /Content.Security.Policy/i.test(message.text()) && csp.push(message.text()));
  await step("Statistik: ekom21 chooses the consultation up to 2021-08-04 and sees 385 applications, 108 completed", async () => {
    await signIn(page, server, "ekom21/admin");
    await page.getByRole("link", { name: "Verwaltung" }).click();
    await page.getByRole("link", { name: "Statistik" }).click();
    await page.locator("[data-testid=key-figures]").waitFor();
    // exact: the form itself is named "Zeitraum und Verfahren".
    await page.getByLabel("Verfahren", { exact: true }).selectOption("digitalisierungsberatung");
    await page.getByLabel("Von", { exact: true }).fill("2020-10-01");
    await page.getByLabel("Bis", { exact: true }).fill("2021-08-04");
    await page.getByLabel("Gruppierung", { exact: true }).selectOption("month");
    await page.getByRole("button", { name: "Anzeigen" }).click();
    await page.waitForURL(/verfahren=digitalisierungsberatung&von=2020-10-01&bis=2021-08-04/);
    await page.locator("[data-testid=stats-range]", { hasText: "01.10.2020 bis 04.08.2021" }).waitFor();
    assert.equal(await figure(page, "figure-started"), "385");
    assert.equal(await figure(page, "figure-outcome-completed"), "108");
    await shot(page, "verwaltung-statistik");
  });

  await step("every chart is drawn with its name, has its table alternative and a CSV download", async () => {
    for (const id of CHARTS) {
      const section = page.locator(`[data-testid=${id}]`);
      const svg = section.locator("svg[role=img]");
      assert.equal(await svg.count(), 1, `${id}: one drawing`);
      assert.ok((await svg.getAttribute("aria-label")).length > 0, `${id}: the drawing has a name`);
      const table = section.locator("details table");
      assert.equal(await table.count(), 1, `${id}: a table alternative`);
      await section.locator("details summary").click();
      assert.ok(await table.isVisible(), `${id}: the table opens`);
      assert.ok((await table.locator("tbody tr").count()) > 0, `${id}: the table has rows`);
    }
    // The months' table adds up to the 385 applications; its CSV holds the same rows.
    const monthly = page.locator("[data-testid=chart-timeline] details table tbody tr");
    assert.equal(await monthly.count(), 11, "October 2020 to August 2021");
    const started = await monthly.evaluateAll((rows) => rows.reduce((n, row) => n + Number(row.cells[1].textContent.replace(/\./g, "")), 0));
    assert.equal(started, 385);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("[data-testid=chart-timeline]").getByRole("button", { name: "CSV herunterladen" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "antraege.csv");
    const csv = readFileSync(await download.path(), "utf8").replace(/^\ufeff/, "").trim().split("\r\n");
    assert.equal(csv[0], "Zeitraum ab;Eingegangen;Beendet;Storniert");
    assert.equal(csv.length, 12);
    assert.equal(csv.slice(1).reduce((n, line) => n + Number(line.split(";")[1]), 0), 385);
    // Module 2: 194 applications (the dimension `module` of the definition).
    const module2 = page.locator("[data-testid=chart-dimension-module] details tbody tr", { hasText: /^2/ });
    assert.equal((await module2.locator("td").first().textContent()).trim(), "194");
    await axe(page, "Verwaltung: Statistik");
    assert.deepEqual(csp, [], "the charts need nothing the Content-Security-Policy refuses");
  });

  await step("Statistik at 320 px: no serious axe findings, the drawings fit", async () => {
    const narrow = await newPage(browser, 320);
    await signIn(narrow, server, "ekom21/admin");
    await narrow.goto(`${server.url}/verwaltung/statistik?verfahren=digitalisierungsberatung&von=2020-10-01&bis=2021-08-04`);
    await narrow.locator("[data-testid=chart-timeline] svg[role=img]").waitFor();
    await assertFits(narrow, "Verwaltung: Statistik");
    await axe(narrow, "Verwaltung: Statistik (320 px)");
    await shot(narrow, "verwaltung-statistik-320");
    await narrow.context().close();
  });
} finally {
  await browser.close();
  await server.stop();
}

process.exit(finish());
