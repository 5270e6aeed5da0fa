// What the browser tests share: named steps that report "ok"/"not ok" and count failures,
// axe-core checks that fail on serious or critical violations, and Debian's headless chromium.
import AxeBuilder from "@axe-core/playwright";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

export const results = { failures: 0, axe: [] };

// Runs `body`; a thrown error is reported with its stack and counted, and the next step runs.
export async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.failures += 1;
    console.log(`not ok - ${name}\n  ${String(error.stack || error).split("\n").join("\n  ")}`);
  }
}

// axe-core on the page as it is now: prints the count, fails on serious or critical violations.
export async function axe(page, label) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  results.axe.push({ label, violations: result.violations.length, serious: serious.length });
  console.log(`  axe ${label}: ${result.violations.length} violations, ${serious.length} serious or critical`);
  for (const v of result.violations) console.log(`    ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}x: ${v.nodes[0]?.target})`);
  assert.equal(serious.length, 0, `${label}: serious/critical axe violations`);
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}
