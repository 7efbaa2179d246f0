import { expect, test } from "@playwright/test";
import { adminPassword, trustedFetch } from "../fixtures/key-manager";
import { publishedApi, subscribedDeveloper } from "../fixtures/rest";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

test("an admin blocks an application: its next call is 403; removing the rule lets it through", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const { api, scope } = await publishedApi(suffix);
  const dev = await subscribedDeveloper(suffix, api.id);
  const { accessToken } = await dev.rest<{ accessToken: string }>(
    "devportal",
    "POST",
    `/applications/${dev.app.id}/tokens`,
    { keyType: "PRODUCTION", scopes: [scope], validityPeriod: 3600 },
  );
  const menu = () =>
    trustedFetch(`${e2eUrls.gateway}/menu${suffix}/1.0.0/menu`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
  await expect.poll(async () => (await menu()).status, { timeout: 10_000 }).toBe(200);

  await signIn(page, e2eUrls.publisher, "admin", adminPassword());
  await page.goto(`${e2eUrls.publisher}/admin`);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Deny policies" }).click();
  await expect(page.getByRole("heading", { name: "Deny policies" })).toBeVisible();

  // a rule without a condition is refused and names what is missing
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create deny policy" }) });
  await form.getByLabel("Reason").fill(`journey ${suffix}`);
  await form.getByRole("button", { name: "Create deny policy" }).click();
  await expect(form.getByRole("alert")).toContainText("Conditions");

  const appLabel = `${dev.appName} (${dev.username})`;
  await form.getByLabel("Application").selectOption({ label: appLabel });
  await form.getByLabel("IP range").fill("10.0.0.0/33");
  await form.getByRole("button", { name: "Create deny policy" }).click();
  await expect(form.getByRole("alert")).toContainText("IP range");
  await form.getByLabel("IP range").fill("");
  await form.getByRole("button", { name: "Create deny policy" }).click();
  await expect(form.getByRole("status")).toContainText("Deny policy created.");
  const row = page.getByRole("row").filter({ hasText: `Application ${appLabel}` });
  await expect(row).toContainText(`journey ${suffix}`);

  // the gateway refuses the application's next call, before its backend
  await expect.poll(async () => (await menu()).status, { timeout: 10_000 }).toBe(403);
  const refused = await menu();
  expect((await refused.json()).code).toBe("access_denied_by_policy");

  await row.getByRole("button", { name: /^Remove the rule blocking/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText("Deny policy removed.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: `Application ${appLabel}` })).toHaveCount(0);
  await expect.poll(async () => (await menu()).status, { timeout: 10_000 }).toBe(200);
});
