import { expect, test } from "@playwright/test";
import { adminPassword } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

test("an admin adds a trusted SAML identity provider; a bad certificate is refused next to the field; deleting one asks first", async ({
  page,
}) => {
  await signIn(page, e2eUrls.publisher, "admin", adminPassword());
  await page.goto(`${e2eUrls.publisher}/admin/identity-providers/new?type=SAML2`);
  const name = `corp-idp-${Date.now().toString(36)}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Entity id (Issuer)").fill("https://idp.corp.example/saml");
  await page
    .getByLabel("Signing certificates (PEM)")
    .fill("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----");
  await page.getByRole("button", { name: "Add identity provider" }).click();
  await expect(page.getByText(/certificate/i).first()).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/identity-providers\/new/);

  await page.goto(`${e2eUrls.publisher}/admin/identity-providers/new?type=NTLM`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Windows domain (NetBIOS)").fill("CORP");
  await page.getByRole("button", { name: "Add identity provider" }).click();
  await expect(page).toHaveURL(`${e2eUrls.publisher}/admin/identity-providers`);
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("CORP");

  // deleting asks first: cancelled, the provider stays; confirmed, it is gone
  const row = page.getByRole("row", { name: new RegExp(name) });
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Delete ${name}?`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await dialog.getByRole("button", { name: `Delete ${name}` }).click();
  await expect(row).toHaveCount(0);
});
