import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Browser, type Page, test } from "@playwright/test";
import { adminPassword } from "../e2e/fixtures/key-manager";
import { signIn } from "../e2e/fixtures/sign-in";
import { e2eUrls } from "../e2e/fixtures/stack";
import { type MeasuredPage, preparePages } from "./page-load-pages";

// Cold: a new browser context (empty HTTP cache, signed-in cookies only). Warm: the same page
// again in that context. Each figure is the median of ROUNDS loads; "load" is the navigation's
// loadEventEnd, "server" the time to the first byte of the HTML.
const ROUNDS = Number(process.env.PORTICO_BENCH_ROUNDS ?? 5);
const VIEWPORT = { width: 1366, height: 900 };
const screenshots = path.join(import.meta.dirname, "..", "docs", "screenshots");

interface Load {
  loadMs: number;
  serverMs: number;
  scriptKiB: number;
  requests: number;
}

async function measure(page: Page, url: string): Promise<Load> {
  await page.goto(url, { waitUntil: "load" });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const scripts = resources.filter((r) => r.initiatorType === "script" || r.name.endsWith(".js"));
    return {
      loadMs: nav.loadEventEnd - nav.startTime,
      serverMs: nav.responseStart - nav.requestStart,
      scriptKiB: scripts.reduce((sum, r) => sum + r.transferSize, 0) / 1024,
      requests: resources.length + 1,
    };
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function signedInState(browser: Browser, portal: string, username: string, password: string) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await signIn(await context.newPage(), portal, username, password);
  const state = await context.storageState();
  await context.close();
  return state;
}

test("page loads of the main pages, cold and warm", async ({ browser }) => {
  const { pages, developer } = await preparePages();
  const states = {
    developer: await signedInState(browser, e2eUrls.devportal, developer.username, developer.password),
    admin: await signedInState(browser, e2eUrls.publisher, "admin", adminPassword()),
  };
  mkdirSync(screenshots, { recursive: true });
  const rows: string[] = [];
  const results: Record<string, unknown> = {};
  for (const p of pages as MeasuredPage[]) {
    const cold: Load[] = [];
    const warm: Load[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const context = await browser.newContext({ viewport: VIEWPORT, storageState: states[p.as] });
      const page = await context.newPage();
      cold.push(await measure(page, p.url));
      warm.push(await measure(page, p.url));
      if (round === ROUNDS - 1) await page.screenshot({ path: path.join(screenshots, `${p.name}.png`) });
      await context.close();
    }
    const figure = (loads: Load[], key: keyof Load) => Math.round(median(loads.map((l) => l[key])));
    results[p.name] = {
      coldMs: figure(cold, "loadMs"),
      warmMs: figure(warm, "loadMs"),
      serverMs: figure(cold, "serverMs"),
      coldScriptKiB: figure(cold, "scriptKiB"),
      requests: figure(cold, "requests"),
    };
    rows.push(
      `| ${p.name} | ${figure(cold, "loadMs")} | ${figure(warm, "loadMs")} | ${figure(cold, "serverMs")} | ${figure(cold, "scriptKiB")} | ${figure(cold, "requests")} |`,
    );
  }
  const table = [
    `median of ${ROUNDS} loads, ${VIEWPORT.width}x${VIEWPORT.height}`,
    "| page | cold load (ms) | warm load (ms) | server, first byte (ms) | script transferred cold (KiB) | requests |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
  process.stdout.write(`\n${table}\n`);
  const out = process.env.PORTICO_BENCH_OUT;
  if (out) writeFileSync(out, JSON.stringify(results, null, 2));
});
