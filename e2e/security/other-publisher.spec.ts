import { expect, test } from "@playwright/test";
import { createAccount, passwordToken } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

const portal = e2eUrls.publisher;
const scopes = "portico:api_view portico:api_create portico:api_publish";

/** Calls the publisher REST API as a user. */
async function rest(user: { name: string; password: string }, method: string, path: string, body?: unknown) {
  const { access_token } = await passwordToken(user.name, user.password, scopes);
  const res = await fetch(`${portal}/api/publisher/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

test("publisher B cannot open, take over or change publisher A's API from the portal", async ({ page }) => {
  const a = { name: "alba", password: await createAccount("alba", ["publisher"]) };
  const b = { name: "boris", password: await createAccount("boris", ["publisher"]) };
  const definition = (name: string, context: string) => ({
    name,
    version: "1.0.0",
    context,
    endpoints: { production: "http://127.0.0.1:8281/pizzashack" },
    resources: [{ method: "GET", path: "/menu" }],
  });
  const created = await rest(a, "POST", "/apis", definition("AlbaOrders", "/alba-orders"));
  expect(created.status).toBe(201);
  const apiA = created.body.id as string;
  const ownB = await rest(b, "POST", "/apis", definition("BorisShop", "/boris-shop"));
  expect(ownB.status).toBe(201);

  await signIn(page, portal, b.name, b.password);
  // A's API is neither listed nor reachable: the not-found page, and its OpenAPI document is 404
  await expect(page.getByText("BorisShop").first()).toBeVisible();
  await expect(page.getByText("AlbaOrders")).toHaveCount(0);
  const pageResponse = await page.goto(`${portal}/apis/${apiA}`);
  expect(pageResponse?.status()).toBe(404);
  await expect(page.getByText("AlbaOrders")).toHaveCount(0);
  expect((await page.request.get(`${portal}/apis/${apiA}/openapi.json`)).status()).toBe(404);

  // B's create form cannot claim a context under A's
  await page.goto(`${portal}/apis/new`);
  await page.getByLabel("Name").fill("Sneaky");
  await page.getByLabel("Version").fill("1.0.0");
  await page.getByLabel("Context").fill("/alba-orders/v1");
  await page.getByLabel("Production endpoint").fill("http://127.0.0.1:8281/pizzashack");
  await page.getByRole("button", { name: "Create API" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "belongs to another owner's API" })).toBeVisible();

  // B's own page's publish action, replayed with A's API id in place of B's own, is refused
  await page.goto(`${portal}/apis/${ownB.body.id}`);
  let replaced = false;
  await page.route(`${portal}/apis/${ownB.body.id}`, async (route) => {
    const request = route.request();
    const body = request.postData();
    if (request.method() !== "POST" || !body?.includes(ownB.body.id)) return route.continue();
    replaced = true;
    return route.continue({ postData: body.replaceAll(ownB.body.id, apiA) });
  });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "API not found" })).toBeVisible();
  expect(replaced).toBe(true);
  await page.unroute(`${portal}/apis/${ownB.body.id}`);

  // nothing of A's changed, and A still owns and sees it
  const after = await rest(a, "GET", `/apis/${apiA}`);
  expect(after.status).toBe(200);
  expect(after.body).toMatchObject({ state: "CREATED", owner: { username: "alba" } });
  expect((await rest(a, "GET", "/apis")).body.map((x: { name: string }) => x.name)).toEqual(["AlbaOrders"]);
});
