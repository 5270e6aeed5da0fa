// The Postkorb's first page with 10,000 open tasks in a real browser, loaded many times: the median
// of the browser test's figure (navigation start to the first page drawn) and where the time goes.
// Usage: node bench/postkorb-browser.mjs [--loads N] [--amtsweg build/amtsweg] [--keep-db FILE]
//        [--trace FILE] [--web DIR ...]
// Starts `amtsweg serve --demo` as the browser test does (web/tests/server.mjs); with
// AMTSWEG_WEB_DEMO_DB=FILE from a copy of that database (fill it once with --keep-db FILE: the demo
// plus the 10,000 tasks, so later runs skip both). --trace writes a Chromium trace of two more loads
// (open it in chrome://tracing or the Performance panel). Each --web DIR (default web/dist) is a
// built UI served by a server of its own; their loads take turns, so a comparison of two builds
// shares whatever else the machine is doing.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fillInbox, startServer, waitForPostkorb } from "../web/tests/server.mjs";

const sourceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { chromium } = createRequire(path.join(sourceDir, "web/package.json"))("playwright-core");
const { values: options } = parseArgs({
  options: {
    loads: { type: "string", default: "11" },
    amtsweg: { type: "string", default: "build/amtsweg" },
    "keep-db": { type: "string" },
    trace: { type: "string" },
    web: { type: "string", multiple: true, default: ["web/dist"] },
  },
});

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

// Collected in the page before its own scripts run: long tasks (over 50 ms of main thread).
function watchLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });
}

// One load's milestones, in ms after navigation start.
function milestones() {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = Object.fromEntries(performance.getEntriesByType("paint").map((p) => [p.name, p.startTime]));
  const short = (url) => new URL(url).pathname.replace(/^\/api\/v1/, "api").replace(/-[A-Z0-9]{8}\./, ".").slice(0, 40);
  return {
    postkorb: Number(document.body.dataset.postkorbMs),
    response: nav.responseEnd,
    domContentLoaded: nav.domContentLoadedEventEnd,
    firstContentfulPaint: paint["first-contentful-paint"] ?? NaN,
    resources: performance.getEntriesByType("resource").map((r) => ({
      name: short(r.name), start: r.startTime, end: r.responseEnd, cached: r.transferSize === 0,
    })),
    longTasks: window.__longTasks,
  };
}

// The renderer's main thread, from navigation start to the mark postkorb.js sets with the figure:
// the CPU ms its tasks took (thread time, so other programs on the machine do not count) and the
// wall-clock ms those tasks spanned, from a Chromium trace of the load.
const TRACE_CATEGORIES = ["toplevel", "blink.user_timing", "devtools.timeline", "loading"];

function mainThreadTime(trace) {
  const events = JSON.parse(trace).traceEvents;
  const start = events.findLast((e) => e.name === "navigationStart" && e.args?.data?.documentLoaderURL?.endsWith("/postkorb"));
  const mark = events.find((e) => e.name === "postkorb-first-page" && e.pid === start?.pid && e.ts > start.ts);
  if (!start || !mark) return { cpu: NaN };
  const tasks = events.filter((e) => e.pid === start.pid && e.tid === start.tid && e.ph === "X" &&
    e.name === "ThreadControllerImpl::RunTask" && e.ts >= start.ts && e.ts < mark.ts);
  return { cpu: tasks.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000 };
}

async function load(page, url) {
  await page.context().browser().startTracing(page, { categories: TRACE_CATEGORIES });
  await waitForPostkorb(page, `${url}/postkorb`);
  const { cpu } = mainThreadTime(String(await page.context().browser().stopTracing()));
  return { ...(await page.evaluate(milestones)), cpu };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
// A server for one built UI, with 10,000 open tasks and a browser context signed in as a clerk.
async function setUp(webDir) {
  const server = await startServer({ amtsweg: path.resolve(options.amtsweg), sourceDir, keepDb: options["keep-db"], webDir: path.resolve(webDir) });
  const open = await fillInbox(server);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "de-DE", timezoneId: "Europe/Berlin" });
  await context.addInitScript(watchLongTasks);
  const page = await context.newPage();
  await page.goto(`${server.url}/anmelden?nutzer=marburg/anna.schmidt`);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await page.locator("[data-testid=postkorb] tbody tr[data-task]").first().waitFor();
  return { webDir, server, open, context, page, runs: [] };
}

function report({ webDir, open, runs }) {
  const fmt = (ms) => `${Math.round(ms)}`;
  const figures = runs.map((r) => r.postkorb);
  console.log(`${webDir}: Postkorb first page with ${open} open tasks, ${runs.length} loads (ms after navigation start):`);
  console.log(`  each:   ${figures.map(fmt).join(", ")}`);
  console.log(`  median: ${fmt(median(figures))} (min ${fmt(Math.min(...figures))}, max ${fmt(Math.max(...figures))})`);
  const cpu = runs.map((r) => r.cpu);
  console.log(`  main thread's CPU until then: median ${fmt(median(cpu))} ms (each: ${cpu.map(fmt).join(", ")})`);
  console.log("  medians of the milestones:");
  for (const key of ["response", "domContentLoaded", "firstContentfulPaint"]) console.log(`    ${key}: ${fmt(median(runs.map((r) => r[key])))}`);
  const names = [...new Set(runs.flatMap((r) => r.resources.map((x) => x.name)))];
  for (const name of names) {
    const seen = runs.map((r) => r.resources.find((x) => x.name === name)).filter(Boolean);
    const cached = seen.filter((x) => x.cached).length;
    console.log(`    ${name}: starts ${fmt(median(seen.map((x) => x.start)))}, done ${fmt(median(seen.map((x) => x.end)))}` +
      ` (${seen.length} loads, ${cached} from the cache)`);
  }
  const longTasks = runs.flatMap((r) => r.longTasks);
  console.log(`    long tasks: ${longTasks.length} in ${runs.length} loads${longTasks.length ? `, median ${fmt(median(longTasks.map((t) => t.duration)))} ms at ${fmt(median(longTasks.map((t) => t.start)))}` : ""}`);
}

const setups = [];
try {
  for (const webDir of options.web) setups.push(await setUp(webDir));
  for (let i = 0; i < Number(options.loads); ++i)
    for (const setup of setups) setup.runs.push(await load(setup.page, setup.server.url));
  for (const setup of setups) report(setup);
  if (options.trace) {
    const { page, server } = setups[0];
    await browser.startTracing(page, { path: options.trace, screenshots: false });
    for (let i = 0; i < 2; ++i) console.log(`traced load: ${await waitForPostkorb(page, `${server.url}/postkorb`)} ms`);
    await browser.stopTracing();
    console.log(`trace of two more loads (the first starts the tracing): ${options.trace}`);
  }
} finally {
  await browser.close();
  for (const setup of setups) await setup.server.stop();
}
