import { expect, test } from "@playwright/test";
import { adminPassword } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

test("what an admin does on the pages is audited with the address it came from, as REST calls are", async ({
  page,
}) => {
  const name = `Addr${Date.now().toString(36)}`;
  await signIn(page, e2eUrls.publisher, "admin", adminPassword());
  await page.goto(`${e2eUrls.publisher}/admin/tiers`);
  const form = page.locator("form", { has: page.getByRole("button", { name: "Create tier" }) });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Requests").fill("10");
  await form.getByRole("button", { name: "Create tier" }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toBeVisible();

  await page.goto(`${e2eUrls.publisher}/admin/audit`);
  const event = page.getByTestId("audit-event").filter({ hasText: name }).first();
  // the browser runs on this machine: the portal saw a loopback peer
  await expect(event).toContainText(/from (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/);
});
