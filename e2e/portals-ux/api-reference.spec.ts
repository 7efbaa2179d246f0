import { expect, test } from "@playwright/test";
import { publishedApi, subscribedDeveloper } from "../fixtures/rest";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

test("the API reference expands each operation, and its try-it sends the developer's own new token", async ({
  page,
}) => {
  const suffix = Date.now().toString(36);
  const { api, scope } = await publishedApi(suffix);
  const dev = await subscribedDeveloper(suffix, api.id);
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });

  await signIn(page, e2eUrls.devportal, dev.username, dev.password);
  // a token generated on the application's page...
  await page.goto(`${e2eUrls.devportal}/applications/${dev.app.id}`);
  await page.getByRole("checkbox", { name: scope }).check();
  await page.getByRole("button", { name: "Generate token" }).click();
  const token = (await page.getByTestId("access-token").textContent())?.trim() ?? "";
  expect(token.length).toBeGreaterThan(20);

  // ...is what the API page's reference and try-it use
  await page.goto(`${e2eUrls.devportal}/apis/${api.id}`);
  const reference = page.getByRole("region", { name: "API reference" });
  await expect(reference).toContainText(`https://localhost:8343/menu${suffix}/1.0.0`);
  const operation = reference.locator('[data-operation="GET /orders/{orderId}"] details');
  await operation.locator("summary").click();
  const parameters = operation.getByRole("table", { name: "Parameters" });
  await expect(parameters.getByRole("row", { name: /orderId required path string/ })).toBeVisible();
  await expect(operation).toContainText(`Needs an access token with the scopes: ${scope}`);
  await expect(operation).toContainText("401");

  const menu = reference.locator('[data-operation="GET /menu"] details');
  await menu.locator("summary").click();
  await menu.getByRole("link", { name: "Try GET /menu" }).click();
  const tryIt = page.getByRole("form", { name: "Try it" });
  await expect(tryIt.getByLabel("Resource")).toHaveValue(/.+/);
  await expect(tryIt.getByLabel("Resource").locator("option:checked")).toHaveText("GET /menu");
  await expect(tryIt.getByLabel("Resource")).toBeFocused();
  await expect(tryIt.getByLabel("Access token")).toHaveValue(token);
  await tryIt.getByRole("button", { name: "Send request" }).click();
  await expect(tryIt.getByTestId("try-it-status")).toHaveText(/^200/);
  await expect(tryIt.getByTestId("try-it-request")).toHaveText(
    `GET https://localhost:8343/menu${suffix}/1.0.0/menu`,
  );

  // no script error on the way (the old reference threw on every load), nothing blocked by the CSP
  expect(problems.filter((p) => !p.includes("favicon"))).toEqual([]);
});

test("a stranger's forged try-it link selects nothing it should not, and a signed-out visitor still reads the reference", async ({
  page,
}) => {
  const suffix = `${Date.now().toString(36)}x`;
  const { api } = await publishedApi(suffix);
  // signed out: the public reference renders on the server, no try-it links
  await page.goto(`${e2eUrls.devportal}/apis/${api.id}#try-<img src=x onerror=alert(1)>`);
  const reference = page.getByRole("region", { name: "API reference" });
  await expect(reference.locator("details")).toHaveCount(2);
  await expect(reference.getByRole("link", { name: /^Try / })).toHaveCount(0);
  await expect(page.locator("img[src=x]")).toHaveCount(0);
  // an unknown id is the not-found page, not an error
  const response = await page.goto(`${e2eUrls.devportal}/apis/no-such-api`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});
