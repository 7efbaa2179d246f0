import { expect, test } from "@playwright/test";
import { createAccount } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

const portal = e2eUrls.publisher;

test("a publisher creates an API by hand with scopes bound to roles, and publishes it", async ({ page }) => {
  const password = await createAccount("pia", ["publisher"]);
  await signIn(page, portal, "pia", password);
  await page.getByRole("link", { name: "Create API" }).first().click();
  await page.getByLabel("Name").fill("Orders");
  await page.getByLabel("Version").fill("1.0.0");
  await page.getByLabel("Context").fill("/orders");
  await page.getByLabel("Production endpoint").fill("http://127.0.0.1:8281/pizzashack");

  await page.getByRole("button", { name: "Add scope" }).click();
  const scope = page.getByRole("group", { name: "Scope 1" });
  await scope.getByLabel("Scope name").fill("orders:read");
  await scope.getByLabel("Scope description").fill("Read orders");
  await scope.getByLabel("Role developer").check();

  const first = page.getByRole("row", { name: "Resource 1", exact: true });
  await first.getByLabel("Path").fill("/orders/{orderId}");
  await first.getByRole("combobox", { name: /^Scopes of/ }).fill("orders:read");
  await first.getByRole("combobox", { name: /^Scopes of/ }).press("Enter");
  await page.getByRole("button", { name: "Add resource" }).click();
  const second = page.getByRole("row", { name: "Resource 2", exact: true });
  await second.getByLabel("Method").selectOption("GET");
  await second.getByLabel("Path").fill("/menu");
  await second.getByLabel("Requires a token").uncheck();

  // A failover endpoint that is not http(s) is refused next to its field, and nothing is created
  const failovers = page.getByLabel("Production failover endpoints");
  await failovers.fill("http://127.0.0.1:8282/pizzashack\nftp://backup.example/pizzashack");
  await page.getByRole("button", { name: "Create API" }).click();
  await expect(page.locator("#productionFailovers-error")).toHaveText("must be an http(s) URL");
  await failovers.fill("http://127.0.0.1:8282/pizzashack\n\nhttps://backup.example/pizzashack");
  const spread = page.getByLabel("Spread calls over each endpoint and its failovers (round robin)");
  await spread.check();
  await page.getByRole("button", { name: "Create API" }).click();
  await expect(page.getByRole("heading", { name: "Orders 1.0.0" })).toBeVisible();
  await expect(page.getByTestId("api-state")).toHaveText("CREATED");
  await expect(page.getByLabel("Production failover endpoints")).toHaveValue(
    "http://127.0.0.1:8282/pizzashack\nhttps://backup.example/pizzashack",
  );
  await expect(spread).toBeChecked();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("api-state")).toHaveText("PUBLISHED");

  // What was stored is what the publisher meant: check through the REST API's export
  const exported = await page.request.get(page.url().replace(/\/?$/, "/openapi.json"));
  const doc = await exported.json();
  expect(doc.paths["/orders/{orderId}"].get.security).toEqual([{ portico: ["orders:read"] }]);
  expect(doc.paths["/menu"].get.security).toEqual([]);
});

test("a publisher imports an OpenAPI document and publishes it; bad documents get a clear error", async ({
  page,
}) => {
  const password = await createAccount("ivo", ["publisher"]);
  await signIn(page, portal, "ivo", password);
  await page.goto(`${portal}/apis/import`);
  await page.getByLabel("Context").fill("/bad");
  await page.getByLabel("…or paste the document").fill("swagger: '2.0'");
  await page.getByRole("button", { name: "Import" }).click();
  // the reason is shown under the document field (the summary is not repeated above the form)
  await expect(page.getByRole("alert").first()).toContainText(
    "Swagger 2.0 is not supported; convert to OpenAPI 3",
  );

  await page.getByLabel("Context").fill("/weather");
  await page.getByLabel("…or paste the document").fill(`openapi: 3.0.3
info: { title: Weather, version: "1.0.0" }
servers: [{ url: "http://127.0.0.1:8281/pizzashack" }]
components:
  securitySchemes:
    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: "https://idp/token", scopes: { "weather:read": "Read" } } } }
paths:
  /forecast:
    get: { security: [{ oauth: ["weather:read"] }], responses: { "200": { description: ok } } }
`);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Weather 1.0.0" })).toBeVisible();
  await expect(page.getByRole("row", { name: "Resource 1", exact: true }).getByLabel("Path")).toHaveValue(
    "/forecast",
  );
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("api-state")).toHaveText("PUBLISHED");
});

test("a developer account is refused the publisher and admin pages", async ({ page }) => {
  const password = await createAccount("devi", ["developer"]);
  await page.goto(`${portal}/signin`);
  await page.getByRole("button", { name: "Sign in with Portico" }).click();
  await page.getByLabel("Username").fill("devi");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${portal}/**`);
  for (const path of ["/", "/apis/new", "/admin", "/admin/users"]) {
    await page.goto(`${portal}${path}`);
    await expect(page).toHaveURL(`${portal}/forbidden`);
    await expect(page.getByRole("heading", { name: "Not available to your account" })).toBeVisible();
  }
});
