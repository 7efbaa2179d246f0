import { expect, test } from "@playwright/test";
import { createAccount } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

const storedTokens = () => sessionStorage.getItem("portico.recentTokens");

test("signing out of the developer portal forgets the tokens the tab generated", async ({ page }) => {
  test.setTimeout(120_000);
  const username = `out${Date.now().toString(36)}`;
  await signIn(page, e2eUrls.devportal, username, await createAccount(username, ["developer"]));

  // a token generated in this tab is kept for the try-it console
  await page.goto(`${e2eUrls.devportal}/applications`);
  await page.getByLabel("Application name").fill("Leaving soon");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.waitForURL(/\/applications\/[^/]+$/);
  const appUrl = page.url();
  const production = page.getByRole("region", { name: "Production keys" });
  await production.getByLabel("Client credentials").check();
  await production.getByRole("button", { name: "Generate keys" }).click();
  await expect(page.getByTestId("consumer-secret")).toBeVisible();
  await page.goto(appUrl);
  await page.getByRole("button", { name: "Generate token" }).click();
  const token = (await page.getByTestId("access-token").textContent())?.trim() ?? "";
  expect(token.length).toBeGreaterThan(20);
  await expect.poll(() => page.evaluate(storedTokens)).toContain(token);

  // sign out: through the key manager and back to the portal, in the same tab
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible({ timeout: 15_000 });
  expect(new URL(page.url()).origin).toBe(new URL(e2eUrls.devportal).origin);
  expect(await page.evaluate(storedTokens)).toBeNull();
});
