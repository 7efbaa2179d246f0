import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { calculateJwkThumbprint, decodeJwt } from "jose";
import { createAccount, trustedFetch } from "../fixtures/key-manager";
import { publishedApi, subscribedDeveloper } from "../fixtures/rest";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

// API keys and DPoP-bound tokens across both portals and the gateway: the publisher chooses the
// credentials an API accepts; the developer gets an API key and a DPoP-bound token, and calls.

/** Serious and critical axe violations inside one section of the page. */
async function seriousViolations(page: Page, selector: string) {
  const { violations } = await new AxeBuilder({ page })
    .include(selector)
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("a publisher accepts API keys; a developer calls with one from the try-it console; revoked, it gets 401", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  const { api, scope, username, password, rest } = await publishedApi(suffix);
  // API keys carry no OAuth scopes (the gateway answers insufficient_scope): GET /menu needs none
  await rest("publisher", "PUT", `/apis/${api.id}`, {
    resources: [
      { method: "GET", path: "/menu", scopes: [] },
      { method: "GET", path: "/orders/{orderId}", scopes: [scope] },
    ],
  });
  const developer = await subscribedDeveloper(suffix, api.id);

  // --- the publisher accepts API keys in the x-menu-key header, on GET /menu only
  const publisher = await (await browser.newContext()).newPage();
  await signIn(publisher, e2eUrls.publisher, username, password);
  await publisher.goto(`${e2eUrls.publisher}/apis/${api.id}`);
  const schemes = publisher.getByTestId("security-schemes");
  await schemes.getByLabel("Accept API keys").check();
  await schemes.getByLabel("Header name").fill("x menu key");
  await schemes.getByLabel("GET /menu").check();
  await schemes.getByRole("button", { name: "Save security schemes" }).click();
  // a bad header name is named under its field, and nothing is saved
  await expect(schemes.locator("#schemes-header-error")).toContainText("letters, digits and '-'");
  await expect(schemes.getByLabel("Header name")).toHaveAttribute("aria-invalid", "true");
  const exported = async () =>
    (await (await fetch(`${e2eUrls.devportal}/apis/${api.id}/openapi.json`, { cache: "no-store" })).json())
      .components.securitySchemes;
  expect((await exported()).apiKey).toBeUndefined();
  await schemes.getByLabel("Header name").fill("x-menu-key");
  await schemes.getByRole("button", { name: "Save security schemes" }).click();
  await expect(schemes.getByText("Security schemes saved.")).toBeVisible();
  expect(await seriousViolations(publisher, '[data-testid="security-schemes"]')).toEqual([]);
  // the developer's OpenAPI document carries the scheme, and only GET /menu takes a key
  expect((await exported()).apiKey).toEqual({ type: "apiKey", in: "header", name: "x-menu-key" });
  const document = await (await fetch(`${e2eUrls.devportal}/apis/${api.id}/openapi.json`)).json();
  expect(document.paths["/menu"].get.security).toContainEqual({ apiKey: [] });
  expect(JSON.stringify(document.paths["/orders/{orderId}"].get.security)).not.toContain("apiKey");
  // a published API's saved changes reach the gateway when a revision with them is deployed
  const revision = await rest("publisher", "POST", `/apis/${api.id}/revisions`, {
    description: "API keys on GET /menu",
  });
  await rest("publisher", "POST", `/apis/${api.id}/deployments`, {
    revisionId: revision.id,
    environments: ["default"],
  });

  // --- the developer generates an API key on the application's page
  const page = await (await browser.newContext()).newPage();
  await signIn(page, e2eUrls.devportal, developer.username, developer.password);
  const appUrl = `${e2eUrls.devportal}/applications/${developer.app.id}`;
  await page.goto(appUrl);
  const keys = page.getByTestId("api-keys");
  await keys.getByLabel("Key name").fill("Console key");
  await keys.getByLabel("Allowed IP addresses (optional)").fill("127.0.0.1\nnot-an-address");
  await keys.getByRole("button", { name: "Generate API key" }).click();
  // the bad line is named under its box, and no key is made
  await expect(keys.locator("#api-key-ips-error")).toContainText("line 2: an IP address or CIDR block");
  await expect(keys.getByTestId("api-key")).toHaveCount(0);
  await expect(keys.getByText("No API key yet.")).toBeVisible();
  await keys.getByLabel("Allowed IP addresses (optional)").fill("");
  await keys.getByLabel("Expires in (days)").fill("30");
  await keys.getByRole("button", { name: "Generate API key" }).click();
  const apiKey = (await keys.getByTestId("api-key").textContent())?.trim() ?? "";
  expect(apiKey).toMatch(/^pk_[A-Za-z0-9_-]{40,}$/);
  await expect(keys.getByText("you will not see it again")).toBeVisible();
  const row = keys.getByTestId("api-key-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Console key");
  await expect(row).toContainText(`…${apiKey.slice(-4)}`);
  await expect(row).toContainText("Active");
  expect(await seriousViolations(page, '[data-testid="api-keys"]')).toEqual([]);
  // shown once: a new visit lists the key by its last characters only
  await page.goto(appUrl);
  await expect(page.getByTestId("api-key-row")).toContainText("Console key");
  expect(await page.content()).not.toContain(apiKey);

  // --- the API page says what it accepts; the console calls GET /menu with the key
  await page.goto(`${e2eUrls.devportal}/apis/${api.id}`);
  const accepted = page.getByTestId("accepted-credentials");
  await expect(accepted).toContainText("x-menu-key");
  await expect(accepted).toContainText("GET /menu only");
  const tryIt = page.getByRole("form", { name: "Try it" });
  await tryIt.getByLabel("Resource").selectOption({ label: "GET /orders/{orderId}" });
  await expect(tryIt.getByLabel("API key")).toBeDisabled();
  await tryIt.getByLabel("Resource").selectOption({ label: "GET /menu" });
  await expect(tryIt.getByTestId("try-it-needs")).toContainText(
    "a token (no particular scope) or an API key in the x-menu-key header",
  );
  await tryIt.getByLabel("API key").fill(apiKey);
  const send = async () => {
    await tryIt.getByRole("button", { name: "Send request" }).click();
    await expect(tryIt.getByRole("button", { name: "Send request" })).toBeEnabled();
    return (await tryIt.getByTestId("try-it-status").textContent())?.trim() ?? "";
  };
  // the gateway hears of the new scheme within seconds
  await expect.poll(send, { timeout: 10_000 }).toMatch(/^200/);
  await expect(tryIt.getByTestId("try-it-body")).toContainText("Margherita");
  expect(await seriousViolations(page, "#try-it")).toEqual([]);

  // --- revoked after confirming, the key gets 401 from the gateway, in the console too
  await page.goto(appUrl);
  await page.getByRole("button", { name: "Revoke API key Console key" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading")).toHaveText("Revoke the API key Console key?");
  await dialog.getByRole("button", { name: "Revoke API key", exact: true }).click();
  await expect(page.getByText("No API key yet.")).toBeVisible();
  const direct = () =>
    trustedFetch(`${e2eUrls.gateway}/menu${suffix}/1.0.0/menu`, { headers: { "x-menu-key": apiKey } });
  // every gateway worker refuses it (each holds its own key cache, for a few seconds at most):
  // four calls on four connections, all 401 with the API-key challenge
  const refusedEverywhere = async () =>
    (await Promise.all([1, 2, 3, 4].map(() => direct()))).map(
      (res) => `${res.status} ${res.headers.get("www-authenticate")?.split(" ")[0]}`,
    );
  await expect.poll(refusedEverywhere, { timeout: 10_000 }).toEqual(Array(4).fill("401 APIKey"));
  await page.goto(`${e2eUrls.devportal}/apis/${api.id}`);
  await tryIt.getByLabel("Resource").selectOption({ label: "GET /menu" });
  await tryIt.getByLabel("API key").fill(apiKey);
  expect(await send()).toMatch(/^401/);

  // --- another developer cannot revoke or see the application's keys
  const other = await (await browser.newContext()).newPage();
  await signIn(other, e2eUrls.devportal, `eve${suffix}`, await createAccount(`eve${suffix}`, ["developer"]));
  expect((await other.goto(appUrl))?.status()).toBe(404);
});

test("a DPoP-bound token for a pasted public key: a private key is refused, the curl example calls the API", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const suffix = `d${Date.now().toString(36)}`;
  const { api, scope } = await publishedApi(suffix);
  const developer = await subscribedDeveloper(suffix, api.id);
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const privateJwk = privateKey.export({ format: "jwk" });
  const publicJwk = publicKey.export({ format: "jwk" });

  const page = await (await browser.newContext()).newPage();
  await signIn(page, e2eUrls.devportal, developer.username, developer.password);
  const appUrl = `${e2eUrls.devportal}/applications/${developer.app.id}`;
  await page.goto(appUrl);
  await page.getByRole("checkbox", { name: scope }).check();
  await page.getByLabel("DPoP-bound to my key (RFC 9449)").check();
  const jwkBox = page.getByLabel("DPoP public key (JWK)");

  // a private key is refused with a clear message while typing, and never leaves the browser
  await jwkBox.fill(JSON.stringify(privateJwk));
  await expect(page.locator("#token-jwk-error")).toContainText("this is a private key");
  await expect(page.locator("#token-jwk-error")).toContainText("paste only its public part");
  const posted: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST") posted.push(r.postData() ?? "");
  });
  await page.getByRole("button", { name: "Generate token" }).click();
  await expect(jwkBox).toBeFocused();
  await page.waitForTimeout(500);
  expect(posted.filter((body) => body.includes(privateJwk.d ?? "-"))).toEqual([]);
  await expect(page.getByTestId("access-token")).toHaveCount(0);
  await jwkBox.fill("{not json");
  await expect(page.locator("#token-jwk-error")).toContainText("not JSON");

  await jwkBox.fill(JSON.stringify(publicJwk));
  await expect(page.locator("#token-jwk-error")).toHaveCount(0);
  await page.getByRole("button", { name: "Generate token" }).click();
  const token = (await page.getByTestId("access-token").textContent())?.trim() ?? "";
  const claims = decodeJwt(token) as { cnf?: { jkt?: string }; scope?: string };
  const thumbprint = await calculateJwkThumbprint(publicJwk as Parameters<typeof calculateJwkThumbprint>[0]);
  expect(claims.cnf?.jkt).toBe(thumbprint);
  expect(claims.scope).toBe(scope);
  const examples = page.getByTestId("dpop-examples");
  await expect(examples).toContainText(thumbprint);
  expect(await seriousViolations(page, '[data-testid="dpop-examples"]')).toEqual([]);

  // the token alone, as a bearer or without its proof, gets nowhere
  const url = `${e2eUrls.gateway}/menu${suffix}/1.0.0/menu`;
  const bare = await trustedFetch(url, { headers: { authorization: `DPoP ${token}` } });
  expect(bare.status).toBe(401);
  expect(bare.headers.get("www-authenticate")).toMatch(/^DPoP /);

  // the openid-client example names the application's client and the key manager, never a secret
  const openidClient = (await page.getByTestId("dpop-openid-client").textContent()) ?? "";
  expect(openidClient).toContain(e2eUrls.keymanager);
  expect(openidClient).toContain("process.env.CONSUMER_SECRET");
  expect(openidClient).toContain(url);

  // the curl example, run as copied, with the private key in the file it names
  const curl = (await page.getByTestId("dpop-curl").textContent()) ?? "";
  expect(curl).toContain(url);
  const workdir = mkdtempSync(path.join(tmpdir(), "portico-dpop-"));
  try {
    writeFileSync(path.join(workdir, "dpop-private.jwk.json"), JSON.stringify(privateJwk));
    // the example's proof script imports jose, as a developer's project would have installed it
    symlinkSync(path.resolve("node_modules"), path.join(workdir, "node_modules"));
    const run = () => promisify(execFile)("bash", ["-e", "-c", curl], { cwd: workdir });
    const first = await run();
    expect(first.stdout).toContain("Margherita");
    // every run makes a fresh proof, so it works again (a replayed proof would not)
    expect((await run()).stdout).toContain("Margherita");
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
});
