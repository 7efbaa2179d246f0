import { expect, test } from "@playwright/test";
import { decodeJwt } from "jose";
import { createAccount, trustedFetch } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

// The central journey across both portals, the key manager and the gateway:
// publish -> subscribe -> keys -> token -> call.
test("publish, subscribe, generate a 120 s token with one scope, call through the gateway, revoke", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const suffix = Date.now().toString(36);
  const context = `/menu${suffix}`;

  // --- the publisher defines an API with two resources, each needing a different scope
  const publisher = await browser.newPage();
  await signIn(
    publisher,
    e2eUrls.publisher,
    `pub${suffix}`,
    await createAccount(`pub${suffix}`, ["publisher"]),
  );
  await publisher.goto(`${e2eUrls.publisher}/apis/new`);
  await publisher.getByLabel("Name").fill(`Kitchen${suffix}`);
  await publisher.getByLabel("Version").fill("1.0.0");
  await publisher.getByLabel("Context").fill(context);
  await publisher.getByLabel("Production endpoint").fill("http://127.0.0.1:8281/pizzashack");
  for (const [i, name] of ["kitchen:menu", "kitchen:orders"].entries()) {
    await publisher.getByRole("button", { name: "Add scope" }).click();
    const scope = publisher.getByRole("group", { name: `Scope ${i + 1}` });
    await scope.getByLabel("Scope name").fill(name);
    await scope.getByLabel("Role developer").check();
  }
  const menu = publisher.getByRole("row", { name: "Resource 1", exact: true });
  await menu.getByLabel("Path").fill("/menu");
  await menu.getByRole("combobox", { name: /^Scopes of/ }).fill("kitchen:menu");
  await menu.getByRole("combobox", { name: /^Scopes of/ }).press("Enter");
  await publisher.getByRole("button", { name: "Add resource" }).click();
  const orders = publisher.getByRole("row", { name: "Resource 2", exact: true });
  await orders.getByLabel("Method").selectOption("POST");
  await orders.getByLabel("Path").fill("/orders");
  await orders.getByRole("combobox", { name: /^Scopes of/ }).fill("kitchen:orders");
  await orders.getByRole("combobox", { name: /^Scopes of/ }).press("Enter");
  await publisher.getByRole("button", { name: "Create API" }).click();
  await publisher.getByRole("button", { name: "Publish" }).click();
  await expect(publisher.getByTestId("api-state")).toHaveText("PUBLISHED");

  // --- the developer subscribes an application and generates keys and a token
  const developer = await browser.newPage();
  await signIn(
    developer,
    e2eUrls.devportal,
    `dev${suffix}`,
    await createAccount(`dev${suffix}`, ["developer"]),
  );
  await developer.goto(`${e2eUrls.devportal}/applications`);
  await developer.getByLabel("Application name").fill("Kitchen display");
  await developer.getByRole("button", { name: "Create application" }).click();
  await developer.waitForURL(/\/applications\/[^/]+$/);
  const appUrl = developer.url();

  await developer.goto(e2eUrls.devportal);
  await developer.getByRole("link", { name: `Kitchen${suffix}` }).click();
  await developer.getByLabel("Application").selectOption({ label: "Kitchen display" });
  await developer.getByLabel("Tier").selectOption("Gold");
  await developer.getByRole("button", { name: "Subscribe" }).click();
  // the API page now lists the subscription
  await expect(developer.getByRole("link", { name: "Kitchen display" })).toBeVisible();

  await developer.goto(appUrl);
  const production = developer.getByRole("region", { name: "Production keys" });
  await production.getByLabel("Client credentials").check();
  await production.getByRole("button", { name: "Generate keys" }).click();
  await expect(developer.getByTestId("consumer-secret")).toBeVisible();
  const consumerKey = (await developer.getByTestId("consumer-key").first().textContent())?.trim() ?? "";
  expect(consumerKey.length).toBeGreaterThan(10);

  await developer.goto(appUrl);
  await developer.getByRole("checkbox", { name: "kitchen:menu" }).check();
  await developer.getByLabel("Validity (seconds)").fill("120");
  await developer.getByRole("button", { name: "Generate token" }).click();
  const token = (await developer.getByTestId("access-token").textContent())?.trim() ?? "";
  const claims = decodeJwt(token);
  expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(120);
  expect(claims.scope).toBe("kitchen:menu");
  expect(claims.client_id).toBe(consumerKey);

  // --- calls through the gateway
  const call = (method: string, path: string) =>
    trustedFetch(`${e2eUrls.gateway}${context}/1.0.0${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: method === "POST" ? JSON.stringify({ pizza: "funghi" }) : undefined,
    });
  // subscription changes reach the gateway within 2 seconds
  await expect.poll(async () => (await call("GET", "/menu")).status, { timeout: 5000 }).toBe(200);
  const forbidden = await call("POST", "/orders");
  expect(forbidden.status).toBe(403);
  expect(forbidden.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  expect(forbidden.headers.get("www-authenticate")).toContain("kitchen:orders");

  // --- revoke all tokens: the gateway refuses within 2 seconds
  await developer.goto(appUrl);
  // the portal asks first: cancelled, nothing is revoked; confirmed, every token is
  const posts: string[] = [];
  const onRequest = (r: { method(): string; url(): string }) => {
    if (r.method() === "POST") posts.push(r.url());
  };
  developer.on("request", onRequest);
  await developer.getByRole("button", { name: "Revoke all tokens" }).click();
  const asked = developer.getByRole("dialog");
  await asked.getByRole("button", { name: "Cancel" }).click();
  await expect(asked).toBeHidden();
  await developer.waitForTimeout(500);
  developer.off("request", onRequest);
  expect(posts).toEqual([]);
  expect((await call("GET", "/menu")).status).toBe(200);
  await developer.getByRole("button", { name: "Revoke all tokens" }).click();
  await expect(asked.getByRole("heading")).toContainText("Revoke every active token of Kitchen display");
  await asked.getByRole("button", { name: "Revoke all tokens" }).click();
  await expect.poll(async () => (await call("GET", "/menu")).status, { timeout: 5000 }).toBe(401);

  // --- another developer reaches none of it: the application's page is a 404 for them
  const other = await browser.newPage();
  await signIn(other, e2eUrls.devportal, `eve${suffix}`, await createAccount(`eve${suffix}`, ["developer"]));
  const response = await other.goto(appUrl);
  expect(response?.status()).toBe(404);
  await expect(other.getByText("Kitchen display")).toHaveCount(0);
});
