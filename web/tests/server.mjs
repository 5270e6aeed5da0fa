// Starts a real `amtsweg serve --demo` on an ephemeral port with a temporary database for the
// browser tests, and reads what it prints: the URL and the demo principals' tokens.
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// The demo simulates its history first (about 30 s on an idle machine, minutes on a busy one).
// AMTSWEG_WEB_DEMO_DB names a demo database to start from instead (copied, never changed), to
// repeat the tests quickly. `keepDb` names a file the database is copied to when the server stops
// (for the next run's AMTSWEG_WEB_DEMO_DB); `webDir` the built UI to serve; `extraArgs` more
// options of `serve` (e.g. `--webhook-allow 127.0.0.1` for a test's own webhook receiver);
// `clockSpeed` makes the server's time run that many times faster (webhook retries in seconds).
// The server's clock starts at a fixed working-day morning, so the simulated demo history (fixed
// seed) is the same in every run: which tasks are open and which overdue does not depend on the
// day or hour the tests run (on a real "now", a run early on a Monday found no overdue task).
const DEMO_CLOCK = "2026-12-01T09:00:00Z";

export async function startServer({ amtsweg, sourceDir, timeoutMs = 600000, keepDb = null, webDir = "web/dist", extraArgs = [], clockSpeed = 1 }) {
  const dir = mkdtempSync(path.join(tmpdir(), "amtsweg-web-"));
  if (process.env.AMTSWEG_WEB_DEMO_DB) copyFileSync(process.env.AMTSWEG_WEB_DEMO_DB, path.join(dir, "demo.db"));
  const child = spawn(
    amtsweg,
    ["serve", "--demo", "--db", path.join(dir, "demo.db"), "--processes", "processes", "--port", "0",
     "--web", webDir, "--request-log", "off", "--rate-limit", "0", "--clock", `${DEMO_CLOCK}x${clockSpeed}`, ...extraArgs],
    { cwd: sourceDir, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stderr.on("data", () => {});
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`amtsweg serve did not start in time:\n${output}`)), timeoutMs);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Ctrl-C (SIGINT)")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`amtsweg serve exited with ${code}:\n${output}`)));
  });
  try {
    await ready;
  } catch (error) {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = output.match(/Serving (http:\/\/[0-9.]+:\d+)\/api\/v1/)[1];
  const tokens = {};
  for (const line of output.split("\n")) {
    const m = line.match(/^\s+(\S+)\s+(admin|clerk|integrator|operator)\s+(\S+)\s+(amtsweg_\S+)/);
    if (m) tokens[`${m[1]}/${m[3]}`] = m[4];
  }
  return {
    url,
    tokens,
    output,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      if (keepDb) copyFileSync(path.join(dir, "demo.db"), keepDb); // SQLite folds its WAL in on a clean exit
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A small API client for test setup and checks (the same REST API the UI uses).
export function api(url, token) {
  async function call(method, route, body) {
    const response = await fetch(`${url}/api/v1${route}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return data;
  }
  return {
    get: (route) => call("GET", route),
    post: (route, body) => call("POST", route, body),
    put: (route, body) => call("PUT", route, body),
    delete: (route) => call("DELETE", route),
  };
}

// Opens enough work for the figure: 10,000 open tasks in marburg's inbox, through the intake API
// (fee-free applications go straight to a clerk), 16 requests in flight.
export async function fillInbox(server) {
  const portal = api(server.url, server.tokens["marburg/buergerportal"]);
  const application = (i) => ({
    applicant: { name: `Person ${i}`, birth_date: "1980-01-01", address: `Weg ${i}, 35037 Marburg`, email: `p${i}@example.org` },
    kind: "einfach", purpose: "pension", delivery: "digital",
  });
  const clerk = api(server.url, server.tokens["marburg/anna.schmidt"]);
  let open = 0;
  for (let after = ""; ; ) {
    const page = await clerk.get(`/tasks?limit=500${after ? `&after=${after}` : ""}`);
    open += page.tasks.length;
    if (!page.next) break;
    after = page.next;
  }
  const needed = Math.max(0, 10000 - open);
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < needed) await portal.post("/processes/meldebescheinigung/cases", application(next++));
  }));
  return open + needed;
}

// Loads the Postkorb at `url` and returns the browser test's figure: the ms from navigation start
// to the first page drawn (postkorb.js sets it). Waits with a small evaluation every 20 ms, not a
// locator: a locator first injects Playwright's selector engine into the new page, whose
// compilation would compete with the page's own start on the main thread and be counted.
export async function waitForPostkorb(page, url) {
  await page.goto(url);
  for (let waited = 0; waited < 30000; waited += 20) {
    const ms = await page.evaluate(() => document.body.dataset.postkorbMs);
    if (ms) return Number(ms);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the Postkorb at ${url} showed no first page in 30 s`);
}
