import { expect, test } from "@playwright/test";
import { adminPassword, passwordToken, trustedFetch } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

test("an admin disables the password grant, and a token request with it is then refused", async ({
  page,
}) => {
  await signIn(page, e2eUrls.publisher, "admin", adminPassword());
  await page.goto(`${e2eUrls.publisher}/admin`);
  const password = page.getByTestId("grant-password");
  await expect(password).toContainText("Risk:");
  // disabling asks first, in the portal's confirmation dialog
  await password.getByRole("button", { name: /Disable/ }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /Disable/ })
    .click();
  await expect(password).toContainText("Disabled");
  await expect(password.getByText("Resource owner password disabled.")).toBeVisible();
  const passwordGrant = async () => {
    const res = await trustedFetch(`${e2eUrls.keymanager}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "password",
        client_id: "portico-cli",
        username: "admin",
        password: adminPassword(),
      }),
    });
    return `${res.status} ${res.ok ? "ok" : (await res.json()).error}`;
  };
  // admin changes reach the key manager within 2 seconds (its settings cache)
  try {
    await expect.poll(passwordGrant, { timeout: 3000 }).toBe("400 unsupported_grant_type");
  } finally {
    // enabling a grant type with a risk states the risk and asks first
    await password.getByRole("button", { name: /Enable/ }).click();
    await expect(page.getByRole("dialog")).toContainText("must not be used");
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /Enable/ })
      .click();
    await expect(password).toContainText("Enabled");
  }
  await expect.poll(passwordGrant, { timeout: 3000 }).toBe("200 ok");
  expect((await passwordToken("admin", adminPassword(), "portico:api_view")).access_token).toBeTruthy();
});
