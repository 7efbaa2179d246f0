import { expect, test } from "@playwright/test";
import { createAccount, passwordToken } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

const portal = e2eUrls.publisher;

test("saving the API form with one edited field changes only that field", async ({ page }) => {
  const suffix = Date.now().toString(36);
  const publisher = `ed${suffix}`;
  const password = await createAccount(publisher, ["publisher"]);
  const { access_token } = await passwordToken(
    publisher,
    password,
    "portico:api_view portico:api_create portico:api_publish",
  );
  const rest = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${portal}/api/publisher/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${access_token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json();
  };
  // A published API with settings the form does not show (roles it is visible to, a scope's
  // display name, a resource's description and tier, the default-version flag).
  const created = await rest("POST", "/apis", {
    name: `Ledger${suffix}`,
    version: "1.0.0",
    context: `/ledger${suffix}`,
    description: "The ledger",
    tags: ["finance"],
    endpoints: { production: "http://127.0.0.1:8281/pizzashack", sandbox: "http://127.0.0.1:8281/sandbox" },
    visibility: "RESTRICTED",
    visibleRoles: ["developer"],
    transports: ["https", "http"],
    cors: { enabled: true, allowOrigins: ["https://app.example"] },
    backendJwt: { enabled: true, claims: { dept: "department" } },
    forwardAuthorization: true,
    tiers: ["Gold"],
    scopes: [{ name: `ledger${suffix}:read`, displayName: "Read the ledger", roles: ["developer"] }],
    resources: [
      {
        method: "GET",
        path: "/entries/{id}",
        scopes: [`ledger${suffix}:read`],
        description: "One entry",
        throttlingTier: "Unlimited",
      },
    ],
  });
  await rest("POST", `/apis/${created.id}/lifecycle`, { action: "publish" });
  const before = await rest("GET", `/apis/${created.id}`);
  expect(before).toMatchObject({ isDefaultVersion: true, visibleRoles: ["developer"] });

  await signIn(page, portal, publisher, password);
  await page.goto(`${portal}/apis/${created.id}`);
  await page.getByLabel("Description", { exact: true }).fill("The general ledger");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  const after = await rest("GET", `/apis/${created.id}`);
  expect(after.description).toBe("The general ledger");
  const { description: _before, updatedAt: _b, ...restBefore } = before;
  const { description: _after, updatedAt: _a, ...restAfter } = after;
  expect(restAfter).toEqual(restBefore);
});
