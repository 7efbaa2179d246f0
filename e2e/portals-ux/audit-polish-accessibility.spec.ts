import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { adminPassword } from "../fixtures/key-manager";
import { publishedApi, restAs, subscribedDeveloper } from "../fixtures/rest";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

const audit = (query = "") => `${e2eUrls.publisher}/admin/audit${query}`;

test("the audit log filters by who, what, target and time, pages by cursor, names targets and fits 1,366 px", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const suffix = Date.now().toString(36);
  const admin = await restAs("admin", adminPassword(), "portico:admin");
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    await admin("admin", "POST", "/tiers", {
      name: `Audit${suffix}${n}`,
      level: "SUBSCRIPTION",
      requestCount: n,
    });
  await signIn(page, e2eUrls.publisher, "admin", adminPassword());

  await page.goto(audit("?limit=10"));
  const rows = page.getByTestId("audit-event");
  await expect(rows).toHaveCount(10);
  // nothing wider than the screen: no horizontal scrolling, no raw ids or JSON
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  const table = page.getByRole("table", { name: "Audit events" });
  expect(await table.evaluate((t) => t.scrollWidth <= (t.parentElement?.clientWidth ?? 0))).toBe(true);
  await expect(table).not.toContainText("{");

  // paging: the older page holds other events, and "Newest events" returns
  const eventIds = () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-event-id")));
  const firstPage = await eventIds();
  for (const n of [12, 11, 10]) await expect(table).toContainText(`Audit${suffix}${n}`);
  await page.getByRole("link", { name: "Older events" }).click();
  await expect(page).toHaveURL(/cursor=/);
  const older = await eventIds();
  expect(older.length).toBeGreaterThan(0);
  expect(older.some((id) => firstPage.includes(id))).toBe(false);
  await page.getByRole("link", { name: "Newest events" }).click();
  await expect(page).not.toHaveURL(/cursor=/);
  expect(await eventIds()).toEqual(firstPage);

  // what + who
  await page.getByLabel("What").selectOption({ label: "Throttling tier created" });
  await page.getByLabel("Who").selectOption("admin");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(rows.first()).toContainText("Throttling tier created");
  for (const text of await rows.allTextContents()) expect(text).toContain("Throttling tier created");
  // targets by name; one click shows that target alone
  await rows
    .first()
    .getByRole("link", { name: `Audit${suffix}12` })
    .click();
  await expect(page.getByText(`Only Audit${suffix}12`)).toBeVisible();
  await expect(rows).toHaveCount(1);

  // time range: a future start matches nothing; an end before the start is explained
  await page.goto(audit());
  await page.getByLabel("From (UTC)").fill("2999-01-01T00:00");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No event matches these filters.")).toBeVisible();
  await page.getByLabel("To (UTC)").fill("2998-01-01T00:00");
  await page.getByRole("button", { name: "Apply filters" }).click();
  // (Next's route announcer is an alert too: look for ours by its text)
  await expect(page.getByRole("alert").filter({ hasText: "time range" })).toHaveText(
    "The end of the time range is before its start.",
  );
  // one date format, with the month by name
  await page.goto(audit("?limit=10"));
  for (const when of await page.locator("[data-testid=audit-event] time").allTextContents())
    expect(when).toMatch(/[A-Z][a-z]{2}/);

  // a forged cursor or filter is explained, never a 500
  for (const query of [
    "?cursor=garbage",
    "?cursor=%00%00",
    "?action=%25.",
    "?from=yesterday",
    "?limit=99999",
  ]) {
    const res = await page.goto(audit(query));
    expect(res?.status(), query).toBe(200);
  }
});

test("polish: skip link, aria-current, a phone-sized header, a favicon, sign-in padding, quotas and the way to keys", async ({
  page,
}) => {
  const suffix = `${Date.now().toString(36)}p`;
  const { api } = await publishedApi(suffix);
  const dev = await subscribedDeveloper(suffix, api.id);
  const missing: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 404 && !r.url().includes("/apis/")) missing.push(r.url());
  });

  await page.goto(`${e2eUrls.devportal}/signin`);
  const signInButton = page.getByRole("button", { name: "Sign in with Portico" });
  expect(
    Number.parseFloat(await signInButton.evaluate((b) => getComputedStyle(b).paddingLeft)),
  ).toBeGreaterThanOrEqual(12);
  await signIn(page, e2eUrls.devportal, dev.username, dev.password);

  // the first Tab reaches "Skip to content", which leads past the header
  await page.goto(`${e2eUrls.devportal}/applications`);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Applications" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "APIs" })).not.toHaveAttribute("aria-current", "page");

  // a favicon on both portals, and no 404 on the way
  const icon = await page.locator("link[rel=icon]").first().getAttribute("href");
  expect((await page.request.get(new URL(icon ?? "/missing", e2eUrls.devportal).href)).status()).toBe(200);
  expect((await page.request.get(`${e2eUrls.publisher}/icon.svg`)).status()).toBe(200);
  expect(missing).toEqual([]);

  // a phone: the header wraps instead of overflowing
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of [e2eUrls.devportal, `${e2eUrls.devportal}/apis/${api.id}`]) {
    await page.goto(url);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(390);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // subscribing shows each tier's quota, and a subscription leads to its keys
  const second = await dev.rest("devportal", "POST", "/applications", { name: `Second${suffix}` });
  await page.goto(`${e2eUrls.devportal}/apis/${api.id}`);
  const tier = page.getByLabel("Tier");
  for (const option of await tier.locator("option").allTextContents())
    expect(option).toMatch(/: (Unlimited|[\d,]+ requests? per )/);
  await page.getByLabel("Application").selectOption({ label: `Second${suffix}` });
  await page.getByRole("button", { name: "Subscribe" }).click();
  const mine = page.getByRole("list", { name: "My subscriptions to this API" });
  await expect(mine.getByRole("listitem")).toHaveCount(2);
  await mine
    .getByRole("listitem")
    .filter({ hasText: `Second${suffix}` })
    .getByRole("link", { name: /Keys and tokens/ })
    .click();
  await expect(page).toHaveURL(`${e2eUrls.devportal}/applications/${second.id}#keys`);
  await expect(page.getByRole("region", { name: "Production keys" })).toBeInViewport();
});

test("grant types: the controls stay put, risks are confirmed, and messages name the grant, never its URN", async ({
  page,
}) => {
  await signIn(page, e2eUrls.publisher, "admin", adminPassword());
  await page.goto(`${e2eUrls.publisher}/admin`);
  const card = page.getByTestId("grant-urn:ietf:params:oauth:grant-type:token-exchange");
  const button = card.getByRole("button", { name: "Enable Token exchange" });
  // where the button sits on the page (not in the viewport, which scrolls when the dialog opens)
  const onPage = (name: string) =>
    card.getByRole("button", { name }).evaluate((b) => {
      const r = b.getBoundingClientRect();
      return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width };
    });
  const before = await onPage("Enable Token exchange");
  await button.click();
  await expect(page.getByRole("dialog")).toContainText("Lets a client act for a user");
  await page.getByRole("dialog").getByRole("button", { name: "Enable Token exchange" }).click();
  await expect(card.getByText("Token exchange enabled.")).toBeVisible();
  const after = await onPage("Disable Token exchange");
  expect(
    Math.abs((after?.x ?? 0) + (after?.width ?? 0) - ((before?.x ?? 0) + (before?.width ?? 0))),
  ).toBeLessThan(1);
  expect(Math.abs((after?.y ?? 0) - (before?.y ?? 0))).toBeLessThan(1);
  await expect(
    page.getByText(/urn:ietf:params:oauth:grant-type:token-exchange (enabled|disabled)/),
  ).toHaveCount(0);
  await card.getByRole("button", { name: "Disable Token exchange" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable Token exchange" }).click();
  await expect(card.getByText("Token exchange disabled.")).toBeVisible();
});

// ---- accessibility: axe on the catalog, the API and application pages, the publisher's API page and the admin pages

/** Serious and critical axe violations of the page, each with the elements it found. */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function expectAccessible(page: Page, url: string, ready?: (page: Page) => Promise<void>) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBeLessThan(400);
  if (ready) await ready(page);
  expect(await seriousViolations(page), url).toEqual([]);
}

test("the developer portal: catalog, API page and application page have no serious or critical violations", async ({
  page,
}) => {
  const suffix = `${Date.now().toString(36)}a`;
  const { api } = await publishedApi(suffix);
  const dev = await subscribedDeveloper(suffix, api.id);
  await expectAccessible(page, e2eUrls.devportal);
  await expectAccessible(page, `${e2eUrls.devportal}/apis/${api.id}`);
  await signIn(page, e2eUrls.devportal, dev.username, dev.password);
  await expectAccessible(page, e2eUrls.devportal);
  // with an operation of the reference expanded
  await expectAccessible(page, `${e2eUrls.devportal}/apis/${api.id}`, async (p) => {
    await p.locator('[data-operation="GET /menu"] summary').click();
  });
  await expectAccessible(page, `${e2eUrls.devportal}/applications`);
  await expectAccessible(page, `${e2eUrls.devportal}/applications/${dev.app.id}`);
  await expectAccessible(page, `${e2eUrls.devportal}/usage`);
});

test("the publisher portal and the admin pages have no serious or critical violations", async ({ page }) => {
  const suffix = `${Date.now().toString(36)}b`;
  const { api } = await publishedApi(suffix);
  await signIn(page, e2eUrls.publisher, "admin", adminPassword());
  await expectAccessible(page, e2eUrls.publisher);
  await expectAccessible(page, `${e2eUrls.publisher}/apis/${api.id}`);
  // the confirmation dialog, open
  await expectAccessible(page, `${e2eUrls.publisher}/apis/${api.id}`, async (p) => {
    await p.getByRole("button", { name: "Delete API" }).click();
    await expect(p.getByRole("dialog")).toBeVisible();
  });
  await expectAccessible(page, `${e2eUrls.publisher}/apis/new`);
  await expectAccessible(page, `${e2eUrls.publisher}/apis/import`);
  for (const path of ["", "/tiers", "/users", "/audit", "/policies", "/key-managers", "/identity-providers"])
    await expectAccessible(page, `${e2eUrls.publisher}/admin${path}`);
});
