import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import Provider from "oidc-provider";
import { adminPassword, createAccount, passwordToken, trustedFetch } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2ePorts, e2eUrls } from "../fixtures/stack";

// An external key manager in the browser: oidc-provider (dynamic registration, introspection,
// revocation) stands in for Keycloak. The admin adds it by its issuer URL, a developer creates an
// application whose keys live there, subscribes and gets a token from it in the developer portal;
// the gateway accepts the token for the subscribed API, refuses it for another (403), and refuses
// it once revoked at oidc-provider, within the introspection cache bound (60 s).

const issuer = `http://127.0.0.1:${e2ePorts.externalKeyManager}`;
const suffix = Date.now().toString(36);
const scope = `ext${suffix}:read`;
const introspector = { id: "portico", secret: randomBytes(24).toString("base64url") };
const registrationToken = randomBytes(24).toString("base64url");
let idp: Server;

test.beforeAll(async () => {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: introspector.id,
        client_secret: introspector.secret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    scopes: [scope, `other${suffix}:read`],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      registration: { enabled: true, initialAccessToken: registrationToken },
    },
  });
  idp = createServer(provider.callback());
  await new Promise<void>((resolve) => idp.listen(e2ePorts.externalKeyManager, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  idp?.closeAllConnections();
  await new Promise((resolve) => idp?.close(resolve));
});

async function createApi(token: string, name: string, keyManager: string, scopeName: string) {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const res = await fetch(`${e2eUrls.publisher}/api/publisher/v1/apis`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      name,
      version: "1.0.0",
      context: `/${name.toLowerCase()}`,
      endpoints: { production: `http://127.0.0.1:${e2ePorts.backend}/pizzashack` },
      scopes: [{ name: scopeName, roles: [] }],
      resources: [{ method: "GET", path: "/menu", scopes: [scopeName] }],
      tiers: ["Gold"],
      keyManagers: [keyManager],
    }),
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const published = await fetch(`${e2eUrls.publisher}/api/publisher/v1/apis/${id}/lifecycle`, {
    method: "POST",
    headers,
    body: JSON.stringify({ action: "publish" }),
  });
  expect(published.status).toBe(200);
  return id;
}

test("an external key manager by issuer URL: keys registered there, a token from it, enforced by the gateway", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const keyManager = `Partner ${suffix}`;

  // --- the admin adds oidc-provider by its issuer URL
  const admin = await browser.newPage();
  await signIn(admin, e2eUrls.publisher, "admin", adminPassword());
  await admin.goto(`${e2eUrls.publisher}/admin/key-managers`);
  await admin.getByLabel("Key manager name").fill(keyManager);
  await admin.getByLabel("Issuer URL").fill(issuer);
  await admin.getByLabel("Token validation").selectOption("INTROSPECTION");
  await admin.getByLabel(/Developers create their applications' clients here/).check();
  await admin.getByLabel("Portico's client id there").fill(introspector.id);
  await admin.getByLabel("Portico's client secret there").fill(introspector.secret);
  await admin.getByLabel("Registration token").fill(registrationToken);
  await admin.getByRole("button", { name: "Add by issuer" }).click();
  await expect(admin.getByText("Key manager added.")).toBeVisible();
  await admin.reload();
  await expect(admin.getByRole("row", { name: new RegExp(keyManager) })).toContainText(issuer);

  // --- two published APIs whose tokens come from that key manager
  const { access_token: publisherToken } = await passwordToken(
    "admin",
    adminPassword(),
    "portico:api_view portico:api_create portico:api_publish",
  );
  await createApi(publisherToken, `Ext${suffix}`, keyManager, scope);
  await createApi(publisherToken, `Other${suffix}`, keyManager, `other${suffix}:read`);

  // --- a developer: an application whose keys live at oidc-provider, subscribed to one API
  const developer = await browser.newPage();
  await signIn(
    developer,
    e2eUrls.devportal,
    `ext${suffix}`,
    await createAccount(`ext${suffix}`, ["developer"]),
  );
  await developer.goto(`${e2eUrls.devportal}/applications`);
  await developer.getByLabel("Application name").fill("Partner app");
  await developer.getByRole("button", { name: "Create application" }).click();
  await developer.waitForURL(/\/applications\/[^/]+$/);
  const appUrl = developer.url();

  const external = developer.getByTestId("external-keys");
  await external
    .getByRole("form", { name: "Create keys at a key manager" })
    .getByLabel("Key manager")
    .selectOption(keyManager);
  await external.getByRole("button", { name: "Create keys there" }).click();
  await expect(developer.getByTestId("external-consumer-secret")).toBeVisible();
  const consumerSecret =
    (await developer.getByTestId("external-consumer-secret").textContent())?.trim() ?? "";
  const consumerKey = (await developer.getByTestId("external-consumer-key").textContent())?.trim() ?? "";
  expect(consumerKey.length).toBeGreaterThan(5);

  await developer.goto(e2eUrls.devportal);
  await developer.getByRole("link", { name: `Ext${suffix}` }).click();
  await developer.getByLabel("Application").selectOption({ label: "Partner app" });
  await developer.getByLabel("Tier").selectOption("Gold");
  await developer.getByRole("button", { name: "Subscribe" }).click();
  await expect(developer.getByRole("link", { name: "Partner app" })).toBeVisible();

  await developer.goto(appUrl);
  const tokenForm = developer
    .getByTestId("external-keys")
    .getByRole("form", { name: "Get a token from the key manager" });
  await tokenForm.getByLabel("Consumer secret").fill(consumerSecret);
  await tokenForm.getByLabel("Scopes (space separated)").fill(`${scope} other${suffix}:read`);
  await tokenForm.getByRole("button", { name: "Get token" }).click();
  await expect(developer.getByTestId("external-access-token")).toBeVisible();
  const accessToken = (await developer.getByTestId("external-access-token").textContent())?.trim() ?? "";

  // --- the gateway: the subscribed API answers, the other is 403
  const call = (context: string) =>
    trustedFetch(`${e2eUrls.gateway}/${context.toLowerCase()}/1.0.0/menu`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
  await expect.poll(async () => (await call(`Ext${suffix}`)).status, { timeout: 10_000 }).toBe(200);
  const other = await call(`Other${suffix}`);
  expect(other.status).toBe(403);

  // --- revoked at oidc-provider: refused once the introspection cache bound has passed
  const revoked = await fetch(`${issuer}/token/revocation`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(consumerKey)}:${encodeURIComponent(consumerSecret)}`).toString("base64")}`,
    },
    body: new URLSearchParams({ token: accessToken }).toString(),
  });
  expect(revoked.status).toBe(200);
  await expect
    .poll(async () => (await call(`Ext${suffix}`)).status, { timeout: 75_000, intervals: [5_000] })
    .toBe(401);
});
