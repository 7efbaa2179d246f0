import { expect, test } from "@playwright/test";
import { adminPassword } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

test("a developer signs up by themselves once an admin allows it, and lands in the developer portal", async ({
  browser,
}) => {
  const admin = await browser.newPage();
  await signIn(admin, e2eUrls.publisher, "admin", adminPassword());
  await admin.goto(`${e2eUrls.publisher}/admin`);

  // off by default: the key manager's login page offers no sign-up
  const visitor = await browser.newPage();
  await visitor.goto(`${e2eUrls.devportal}/signin`);
  await visitor.getByRole("button", { name: "Sign in with Portico" }).click();
  await visitor.waitForURL(`${e2eUrls.keymanager}/**`);
  await expect(visitor.getByRole("link", { name: "Create an account" })).toHaveCount(0);

  await admin.getByRole("button", { name: "Enable developer self sign-up" }).click();
  await expect(admin.getByRole("button", { name: "Disable developer self sign-up" })).toBeVisible();
  try {
    const username = `selfie${Date.now().toString(36)}`;
    const password = `pw-${crypto.randomUUID()}`;
    // the key manager reads admin settings through a cache of about a second
    await expect
      .poll(
        async () => {
          await visitor.goto(`${e2eUrls.devportal}/signin`);
          await visitor.getByRole("button", { name: "Sign in with Portico" }).click();
          await visitor.waitForURL(`${e2eUrls.keymanager}/**`);
          return visitor.getByRole("link", { name: "Create an account" }).count();
        },
        { timeout: 10_000 },
      )
      .toBe(1);
    await visitor.getByRole("link", { name: "Create an account" }).click();
    await visitor.getByLabel("Username").fill(username);
    await visitor.getByLabel("Password", { exact: true }).fill(password);
    await visitor.getByLabel("Confirm password").fill("something-else-entirely");
    await visitor.getByRole("button", { name: "Create account" }).click();
    await expect(visitor.getByRole("alert").first()).toBeVisible();
    await visitor.getByLabel("Password", { exact: true }).fill(password);
    await visitor.getByLabel("Confirm password").fill(password);
    await visitor.getByRole("button", { name: "Create account" }).click();
    const allow = visitor.getByRole("button", { name: "Allow" });
    await visitor.waitForURL(
      (url) => url.href.startsWith(e2eUrls.devportal) || url.href.includes("/oauth2/authorize"),
    );
    if (await allow.isVisible().catch(() => false)) await allow.click();
    await visitor.waitForURL(`${e2eUrls.devportal}/**`);
    await expect(visitor.getByTestId("signed-in-user")).toHaveText(username);
    await visitor.goto(`${e2eUrls.devportal}/applications`);
    await expect(visitor.getByRole("heading", { name: "Applications" })).toBeVisible();
  } finally {
    await admin.getByRole("button", { name: "Disable developer self sign-up" }).click();
    await expect(admin.getByRole("button", { name: "Enable developer self sign-up" })).toBeVisible();
  }
});
