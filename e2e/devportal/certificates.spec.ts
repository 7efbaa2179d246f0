import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createAccount } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

/** A self-signed client certificate and its key, made by openssl, with its x5t#S256 thumbprint. */
function clientCertificate(dir: string, name: string) {
  const at = (file: string) => path.join(dir, file);
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"].concat([
      "-keyout",
      at(`${name}.key`),
      "-out",
      at(`${name}.pem`),
      "-days",
      "2",
      "-subj",
      `/O=Example/CN=${name}`,
    ]),
    { stdio: "ignore" },
  );
  const der = execFileSync("openssl", ["x509", "-in", at(`${name}.pem`), "-outform", "DER"]);
  return {
    pem: readFileSync(at(`${name}.pem`), "utf8"),
    key: readFileSync(at(`${name}.key`), "utf8"),
    thumbprint: createHash("sha256").update(der).digest("base64url"),
  };
}

test("a developer registers a client certificate, is told off for a private key and a duplicate, and removes it", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), "portico-e2e-cert-"));
  const cert = clientCertificate(dir, "orders-client");
  rmSync(dir, { recursive: true, force: true });
  const username = `cert${Date.now().toString(36)}`;
  await signIn(page, e2eUrls.devportal, username, await createAccount(username, ["developer"]));
  await page.goto(`${e2eUrls.devportal}/applications`);
  await page.getByLabel("Application name").fill("Certified");
  await page.getByRole("button", { name: "Create application" }).click();
  await page.waitForURL(/\/applications\/[^/]+$/);
  const appUrl = page.url();

  const section = page.getByRole("region", { name: "Certificates" });
  await expect(section.getByText("No certificate registered.")).toBeVisible();
  const pem = section.getByLabel("PEM certificate");
  const register = section.getByRole("button", { name: "Register certificate" });

  // the key pasted by mistake: refused, said so next to the field, and not kept
  await pem.fill(cert.key);
  await register.click();
  await expect(section.getByText(/this is a private key, not a certificate/).first()).toBeVisible();
  await expect(section.getByText("No certificate registered.")).toBeVisible();

  await pem.fill(cert.pem);
  await register.click();
  await expect(section.getByText("Certificate registered.")).toBeVisible();
  await expect(section.getByText("CN=orders-client,O=Example")).toBeVisible();
  await expect(section.getByText(cert.thumbprint)).toBeVisible();

  // the same certificate again
  await pem.fill(cert.pem);
  await register.click();
  await expect(section.getByText(/already registered/).first()).toBeVisible();
  await expect(section.getByRole("listitem")).toHaveCount(1);

  // another developer does not see the application, let alone its certificates
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  const stranger = `nocert${Date.now().toString(36)}`;
  await signIn(otherPage, e2eUrls.devportal, stranger, await createAccount(stranger, ["developer"]));
  const response = await otherPage.goto(appUrl);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByText(cert.thumbprint)).toHaveCount(0);
  await other.close();

  await section.getByRole("button", { name: "Remove CN=orders-client,O=Example" }).click();
  await expect(section.getByText("Certificate removed.")).toBeVisible();
  await expect(section.getByText("No certificate registered.")).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole("region", { name: "Certificates" }).getByText("No certificate registered."),
  ).toBeVisible();
});
