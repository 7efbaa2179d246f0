import { expect, test } from "@playwright/test";
import { adminPassword } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

test("the publisher portal asks for sign-in, then lists the seeded sample API with its state", async ({
  page,
}) => {
  await page.goto(e2eUrls.publisher);
  await expect(page).toHaveURL(`${e2eUrls.publisher}/signin`);
  await signIn(page, e2eUrls.publisher, "admin", adminPassword());
  await page.goto(e2eUrls.publisher);
  await expect(page).toHaveTitle("Portico Publisher");
  await expect(page.getByRole("heading", { name: "APIs" })).toBeVisible();
  const row = page.getByRole("row", { name: /PizzaShack/ });
  await expect(row).toContainText("1.0.0");
  await expect(row).toContainText("/pizzashack");
  await expect(row).toContainText("PUBLISHED");
});

test("the developer portal's catalog shows the published API with its gateway URL", async ({ page }) => {
  await page.goto(e2eUrls.devportal);
  await expect(page).toHaveTitle("Portico Developer Portal");
  await expect(page.getByRole("heading", { name: "API catalog" })).toBeVisible();
  const card = page.getByRole("listitem").filter({ hasText: "PizzaShack" });
  await expect(card).toContainText(`${e2eUrls.gateway}/pizzashack/1.0.0`);
});
