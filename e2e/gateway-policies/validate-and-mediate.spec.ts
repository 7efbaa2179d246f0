import { expect, test } from "@playwright/test";
import { createAccount, passwordToken, trustedFetch } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

const portal = e2eUrls.publisher;

test("a publisher attaches request validation and a header rule; a developer's bad request is 400 naming the field", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const publisher = `gp${suffix}`;
  const password = await createAccount(publisher, ["publisher"]);
  const { access_token } = await passwordToken(
    publisher,
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
  // The API comes from its OpenAPI document: the contract request validation enforces.
  const context = `/shop${suffix}`;
  const api = await rest("POST", "/apis/import-openapi", {
    context,
    endpoints: { production: "http://127.0.0.1:8281/pizzashack" },
    document: {
      openapi: "3.0.3",
      info: { title: `Shop${suffix}`, version: "1.0.0" },
      security: [],
      paths: {
        "/orders": {
          post: {
            requestBody: {
              required: true,
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["pizza", "quantity"],
                    properties: { pizza: { type: "string" }, quantity: { type: "integer", minimum: 1 } },
                  },
                },
              },
            },
            responses: { "201": { description: "placed" } },
          },
        },
        "/echo": { get: { responses: { "200": { description: "what reached the backend" } } } },
      },
    },
  });

  await signIn(page, portal, publisher, password);
  await page.goto(`${portal}/apis/${api.id}`);
  await page.getByLabel("Add a policy").selectOption({ label: "Request validation" });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByLabel("Add a policy").selectOption({ label: "Header and query mediation" });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByTestId("gateway-policy")).toHaveCount(2);
  // the header rule is written in the JSON view (the form is the next test's)
  await page.getByTestId("gateway-policy").nth(1).getByRole("button", { name: "Edit as JSON" }).click();
  await page
    .getByTestId("gateway-policy")
    .nth(1)
    .getByLabel("Configuration (JSON)")
    .fill(JSON.stringify({ headers: [{ action: "set", name: "X-Portal", value: "journey" }] }));
  await page.getByRole("button", { name: "Save policies" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  // a rule the policy's schema refuses is named, and nothing changes
  await page
    .getByTestId("gateway-policy")
    .nth(1)
    .getByLabel("Configuration (JSON)")
    .fill(JSON.stringify({ headers: [{ action: "set", name: "Host", value: "evil" }] }));
  await page.getByRole("button", { name: "Save policies" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "gatewayPolicies.1.config.headers.0.name" }),
  ).toBeVisible();
  const stored = await rest("GET", `/apis/${api.id}`);
  expect(stored.gatewayPolicies.map((p: { policy: string }) => p.policy)).toEqual([
    "request-validation",
    "header-mediation",
  ]);
  expect(stored.gatewayPolicies[1].config.headers[0].name).toBe("x-portal");

  await rest("POST", `/apis/${api.id}/lifecycle`, { action: "publish" });

  // --- a developer calls it
  const order = (body: unknown) =>
    trustedFetch(`${e2eUrls.gateway}${context}/1.0.0/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  await expect
    .poll(async () => (await order({ pizza: "margherita", quantity: 1 })).status, { timeout: 5000 })
    .toBe(201);
  const bad = await order({ pizza: "margherita", quantity: 0 });
  expect(bad.status).toBe(400);
  const error = await bad.json();
  expect(error.code).toBe("invalid_request");
  expect(error.description).toContain("/quantity");
  const missing = await (await order({ quantity: 2 })).json();
  expect(missing.description).toContain("/pizza is required");

  const echo = await trustedFetch(`${e2eUrls.gateway}${context}/1.0.0/echo`, {
    headers: { "x-portal": "spoofed" },
  });
  expect(echo.status).toBe(200);
  expect((await echo.json()).headers["x-portal"]).toBe("journey");
});

test("a publisher fills policies through their forms; the server's message shows under the field it names", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const publisher = `gf${suffix}`;
  const password = await createAccount(publisher, ["publisher"]);
  const { access_token } = await passwordToken(
    publisher,
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
  const context = `/form${suffix}`;
  const api = await rest("POST", "/apis", {
    name: `Form${suffix}`,
    version: "1.0.0",
    context,
    endpoints: { production: "http://127.0.0.1:8281/pizzashack" },
    resources: [{ method: "GET", path: "/echo", authRequired: false }],
  });

  await signIn(page, portal, publisher, password);
  await page.goto(`${portal}/apis/${api.id}`);
  const policies = page.getByTestId("gateway-policy");

  // a rate limit: a number with bounds, a key with its default
  await page.getByLabel("Add a policy").selectOption({ label: "Rate limit by IP, header or claim" });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  const limit = policies.nth(0);
  await expect(limit.getByLabel("Key")).toHaveValue("ip");
  await limit.getByLabel("Request count").fill("5");
  await limit.getByLabel("Unit seconds").fill("30");

  // header mediation: an array of rules, each a choice of action with its own fields
  await page.getByLabel("Add a policy").selectOption({ label: "Header and query mediation" });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  const mediation = policies.nth(1);
  await mediation.getByRole("button", { name: "Add to headers" }).click();
  const rule = mediation.getByRole("group", { name: "Headers 1" });
  await rule.getByLabel("Action").selectOption("set");
  await rule.getByLabel("Name").fill("Host");
  await rule.getByLabel("Value").fill("form");
  await page.getByRole("button", { name: "Save policies" }).click();
  // the schema refuses Host: the message is under the header's name, and nothing is stored
  await expect(rule.getByTestId("policy-field-error")).toBeVisible();
  await expect(rule.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  expect((await rest("GET", `/apis/${api.id}`)).gatewayPolicies).toEqual([]);

  await rule.getByLabel("Name").fill("X-Portal");
  await page.getByRole("button", { name: "Save policies" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(rule.getByTestId("policy-field-error")).toHaveCount(0);
  const stored = await rest("GET", `/apis/${api.id}`);
  expect(stored.gatewayPolicies).toEqual([
    { policy: "rate-limit", config: { key: "ip", requestCount: 5, unitSeconds: 30 } },
    {
      policy: "header-mediation",
      config: { headers: [{ action: "set", name: "x-portal", value: "form" }], query: [] },
    },
  ]);

  // the saved configuration comes back into the same controls
  await page.reload();
  await expect(policies.nth(0).getByLabel("Request count")).toHaveValue("5");
  await expect(policies.nth(1).getByRole("group", { name: "Headers 1" }).getByLabel("Name")).toHaveValue(
    "x-portal",
  );
});
