// What the browser tests share: headless chromium, named steps that print "ok"/"not ok" and count
// failures, axe-core per page (failing on serious or critical violations), screenshots, pages in a
// German locale, signing in as a demo user, the 320 px overflow check, and the closing summary.
import AxeBuilder from "@axe-core/playwright";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

// Debian's chromium (never a downloaded one), with nothing that would phone home.
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

// Exits at once when the UI was not built (web/dist comes from scripts/build).
export function requireBuiltUi(sourceDir) {
  if (existsSync(path.join(sourceDir, "web/dist/index.html"))) return;
  console.log("not ok - web/dist/index.html is missing: run scripts/setup and scripts/build");
  process.exit(1);
}

// A test run's bookkeeping; screenshots go to OUTDIR/screenshots.
export function harness(outDir) {
  const shots = path.join(outDir, "screenshots");
  mkdirSync(shots, { recursive: true });
  const axeCounts = [];
  let failures = 0;

  async function step(name, body) {
    const started = Date.now();
    try {
      await body();
      console.log(`ok - ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failures += 1;
      console.log(`not ok - ${name}\n  ${String(error.stack || error).split("\n").join("\n  ")}`);
    }
  }

  // axe-core on the page as it is now: prints the count, fails on serious or critical violations.
  async function axe(page, label) {
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    axeCounts.push({ label, violations: result.violations.length, serious: serious.length });
    console.log(`  axe ${label}: ${result.violations.length} violations, ${serious.length} serious or critical`);
    for (const v of result.violations) console.log(`    ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}x: ${v.nodes[0]?.target})`);
    assert.equal(serious.length, 0, `${label}: serious/critical axe violations`);
  }

  async function shot(page, name) {
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  }

  // A page of its own browser context; a dialog (script injection?) fails the run.
  async function newPage(browser, width = 1280) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "de-DE", timezoneId: "Europe/Berlin" });
    const page = await context.newPage();
    page.on("dialog", (dialog) => {
      failures += 1;
      console.log(`not ok - a dialog opened (script injection?): ${dialog.message()}`);
      dialog.dismiss();
    });
    page.on("pageerror", (error) => console.log(`  page error: ${error.message}`));
    return page;
  }

  // Prints the summary; the process's exit code.
  function finish() {
    console.log("\naxe per page (violations / serious or critical):");
    for (const c of axeCounts) console.log(`  ${c.label}: ${c.violations} / ${c.serious}`);
    console.log(`screenshots: ${shots}`);
    console.log(failures ? `${failures} failed` : "all passed");
    return failures ? 1 : 0;
  }

  return { step, axe, shot, newPage, finish };
}

export async function signIn(page, server, user) {
  await page.goto(`${server.url}/anmelden?nutzer=${user}`);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await page.getByRole("heading", { level: 1, name: "Postkorb" }).waitFor();
  await page.locator("[data-testid=postkorb]").waitFor();
}

// Fails unless the page fits its width (320 px: WCAG 1.4.10 reflow); the message names the
// elements that stick out, the innermost ones first.
export async function assertFits(page, where) {
  const { overflow, wide } = await page.evaluate(() => {
    const limit = document.documentElement.clientWidth + 1;
    const wide = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > limit && ![...e.children].some((c) => c.getBoundingClientRect().right > limit))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} (${Math.round(e.getBoundingClientRect().right)} px)`)
      .join(", ");
    return { overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, wide };
  });
  assert.ok(overflow <= 1, `${where} fits ${await page.evaluate(() => innerWidth)} px; too wide: ${wide}`);
}
