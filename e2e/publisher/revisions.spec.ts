import { expect, test } from "@playwright/test";
import { createAccount, passwordToken, trustedFetch } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

const portal = e2eUrls.publisher;

// A publisher makes a revision, changes the API, compares the two, deploys the new one, and the
// gateway serves what was deployed, not what was saved.
test("create a revision, change the API, compare, deploy: the gateway serves the deployed revision", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const username = `rv${suffix}`;
  const password = await createAccount(username, ["publisher"]);
  const { access_token } = await passwordToken(
    username,
    password,
    "portico:api_view portico:api_create portico:api_publish",
  );
  const rest = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${portal}/api/publisher/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json();
  };
  const context = `/rev${suffix}`;
  const menu = { method: "GET", path: "/menu", authRequired: false };
  const echo = { method: "GET", path: "/echo", authRequired: false };
  const api = await rest("POST", "/apis", {
    name: `Rev${suffix}`,
    version: "1.0.0",
    context,
    endpoints: { production: "http://127.0.0.1:8281/pizzashack" },
    resources: [menu],
  });
  // publishing an API never deployed deploys it as revision 1 to default
  await rest("POST", `/apis/${api.id}/lifecycle`, { action: "publish" });
  const gateway = (path: string) => trustedFetch(`${e2eUrls.gateway}${context}/1.0.0${path}`);
  await expect.poll(async () => (await gateway("/menu")).status, { timeout: 5_000 }).toBe(200);

  // a saved change does not reach the gateway
  await rest("PUT", `/apis/${api.id}`, { resources: [menu, echo] });
  await new Promise((r) => setTimeout(r, 1_500));
  const before = await gateway("/echo");
  expect(before.status).toBe(404);
  expect((await before.json()).code).toBe("resource_not_found");

  await signIn(page, portal, username, password);
  await page.goto(`${portal}/apis/${api.id}`);
  await page.getByRole("link", { name: "Revisions and deployments" }).click();
  await expect(page.getByTestId("revision-1")).toContainText("default");
  await expect(page.getByTestId("environment-default")).toContainText("Revision 1");

  await page.getByLabel("Description").fill("the echo resource");
  await page.getByRole("button", { name: "Create revision" }).click();
  await expect(page.getByTestId("revision-2")).toContainText("the echo resource");

  await page.getByLabel("From", { exact: true }).selectOption({ label: "Revision 1" });
  await page.getByLabel("To", { exact: true }).selectOption({ label: "Revision 2" });
  await page.getByRole("button", { name: "Compare" }).click();
  const comparison = page.locator("#comparison");
  await expect(comparison).toContainText("From revision 1 to revision 2");
  await expect(comparison.getByTestId("diff-added")).toHaveText(/GET \/echo/);
  await expect(comparison.getByTestId("diff-removed")).toHaveCount(0);

  await page.getByLabel("Revision 2 to default").check();
  await page.getByRole("button", { name: "Deploy revision 2" }).click();
  await expect(page.getByText("Deployed.", { exact: true })).toBeVisible();
  await expect(page.getByTestId("environment-default")).toContainText("Revision 2");

  // the gateway serves revision 2 within 2 s
  await expect
    .poll(async () => (await gateway("/echo")).status, { timeout: 2_000, intervals: [100] })
    .toBe(200);
  expect((await gateway("/menu")).status).toBe(200);
});
