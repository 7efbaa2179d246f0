// The owners suite: two publishers (ann, bob), two developers (dana, eve) and an admin. Ann owns
// an API, its document, a shared scope; dana owns an application with keys, a token and a
// subscription to ann's API. Bob and eve then try every REST route of the publisher, admin and
// developer portal APIs and every server action of both portals on those objects. Each route
// and each action needs a declared ownership decision below: a new one without it fails here.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as platform from "../src/index";
import { GATEWAY, ISSUER, type Provider } from "./fixtures";
import { type Platform, restApis, startPlatform } from "./platform-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The objects ann and dana own, by name. */
interface World {
  apiA: string;
  privA: string;
  docA: string;
  privDocA: string;
  scopeA: string;
  appA: string;
  secretA: string;
  tokenA: string;
  subA: string;
}

type Attacker = "bob" | "eve";

/**
 * What a route is, for ownership:
 * - owner: it names an object of ann's or dana's (params); bob and eve get 403/404 and nothing changes;
 * - collection: no object id; `probe` shows a non-owner gets nothing of the owner's through it;
 * - public: the same for everyone allowed (reference data, the developer catalog); `probe` shows
 *   what stays hidden, and nothing changes.
 * Routes of the admin API are the platform's: a route there whose scope is portico:admin is
 * admins-only, checked for bob and eve; any other scope there needs an entry.
 */
type RouteDecision =
  | { kind: "owner"; params: (w: World) => Record<string, string>; body?: unknown }
  | { kind: "collection" | "public"; why: string; probe: (p: Platform, w: World) => Promise<void> };

const refused = (status: number) => status === 403 || status === 404;

const apiBody = (context: string) => ({
  name: `Probe${context.replace(/\W/g, "")}`,
  version: "7.0.0",
  context,
  endpoints: { production: "https://bob.example/steal" },
  resources: [{ method: "GET", path: "/*", scopes: [] }],
  forwardAuthorization: true,
});
const openApiDocument = {
  openapi: "3.0.3",
  info: { title: "Probe", version: "7.0.0" },
  paths: { "/orders": { get: { responses: { "200": { description: "ok" } } } } },
};

const routeDecisions: Record<"publisher" | "devportal", Record<string, RouteDecision>> = {
  publisher: {
    "GET /apis": {
      kind: "collection",
      why: "lists the caller's own APIs",
      probe: async (p, w) => {
        const list = await p.publisher("GET", "/apis", "bob");
        expect(list.status).toBe(200);
        expect(JSON.stringify(list.body)).not.toMatch(new RegExp(`${w.apiA}|${w.privA}`));
      },
    },
    "POST /apis": {
      kind: "collection",
      why: "creates the caller's API; another owner's context (or one under it) is 409",
      probe: async (p) => {
        expect((await p.publisher("POST", "/apis", "bob", apiBody("/pizza/v9"))).status).toBe(409);
        expect((await p.publisher("POST", "/apis", "bob", apiBody("/pizza"))).status).toBe(409);
      },
    },
    "POST /apis/import-openapi": {
      kind: "collection",
      why: "creates the caller's API; another owner's context is 409",
      probe: async (p) => {
        const r = await p.publisher("POST", "/apis/import-openapi", "bob", {
          document: openApiDocument,
          context: "/pizza/orders",
        });
        expect(r.status).toBe(409);
      },
    },
    "GET /apis/{id}": { kind: "owner", params: (w) => ({ id: w.apiA }) },
    "PUT /apis/{id}": {
      kind: "owner",
      params: (w) => ({ id: w.apiA }),
      body: { endpoints: { production: "https://bob.example/steal" }, isDefaultVersion: true },
    },
    "DELETE /apis/{id}": { kind: "owner", params: (w) => ({ id: w.apiA }) },
    "POST /apis/{id}/lifecycle": {
      kind: "owner",
      params: (w) => ({ id: w.apiA }),
      body: { action: "block" },
    },
    "POST /apis/{id}/versions": {
      kind: "owner",
      params: (w) => ({ id: w.apiA }),
      body: { version: "9.0.0", isDefaultVersion: true },
    },
    "GET /apis/{id}/openapi": { kind: "owner", params: (w) => ({ id: w.apiA }) },
    "GET /apis/{id}/subscriptions": { kind: "owner", params: (w) => ({ id: w.apiA }) },
    "POST /subscriptions/{id}/state": {
      kind: "owner",
      params: (w) => ({ id: w.subA }),
      body: { action: "block" },
    },
    "GET /roles": {
      kind: "public",
      why: "the roles scopes can be bound to: platform reference data",
      probe: async (p) => expect((await p.publisher("GET", "/roles", "bob")).status).toBe(200),
    },
    "GET /tiers": {
      kind: "public",
      why: "subscription tiers an API can offer: platform reference data",
      probe: async (p) => expect((await p.publisher("GET", "/tiers", "bob")).status).toBe(200),
    },
    "GET /key-managers": {
      kind: "public",
      why: "enabled key managers an API can accept: platform reference data",
      probe: async (p) => expect((await p.publisher("GET", "/key-managers", "bob")).status).toBe(200),
    },
    "GET /apis/{id}/documents": { kind: "owner", params: (w) => ({ id: w.apiA }) },
    "POST /apis/{id}/documents": {
      kind: "owner",
      params: (w) => ({ id: w.apiA }),
      body: { name: "Bob's", content: "# mine now" },
    },
    "GET /apis/{id}/documents/{docId}": { kind: "owner", params: (w) => ({ id: w.apiA, docId: w.docA }) },
    "PUT /apis/{id}/documents/{docId}": {
      kind: "owner",
      params: (w) => ({ id: w.apiA, docId: w.docA }),
      body: { content: "# defaced" },
    },
    "DELETE /apis/{id}/documents/{docId}": { kind: "owner", params: (w) => ({ id: w.apiA, docId: w.docA }) },
    "GET /scopes": {
      kind: "public",
      why: "every publisher sees shared scopes, to require them in their own resources",
      probe: async (p, w) => {
        const list = await p.publisher("GET", "/scopes", "bob");
        expect(list.body.find((s: { name: string }) => s.name === w.scopeA)?.owner).toBe("ann");
      },
    },
    "POST /scopes": {
      kind: "collection",
      why: "creates the caller's shared scope; a taken name is 409",
      probe: async (p, w) => {
        expect((await p.publisher("POST", "/scopes", "bob", { name: w.scopeA, roles: [] })).status).toBe(409);
      },
    },
    "PUT /scopes/{name}": {
      kind: "owner",
      params: (w) => ({ name: w.scopeA }),
      body: { roles: [], public: true },
    },
    "DELETE /scopes/{name}": { kind: "owner", params: (w) => ({ name: w.scopeA }) },
    "GET /traffic": {
      kind: "collection",
      why: "traffic of the caller's own APIs",
      probe: async (p, w) => {
        const r = await p.publisher("GET", "/traffic", "bob");
        expect(r.status).toBe(200);
        expect(JSON.stringify(r.body)).not.toContain(w.apiA);
      },
    },
  },
  devportal: {
    "GET /apis": {
      kind: "public",
      why: "the catalog: published APIs a developer may discover (another owner's private ones hidden)",
      probe: async (p, w) => {
        const list = await p.devportal("GET", "/apis", "eve");
        expect(list.status).toBe(200);
        expect(JSON.stringify(list.body)).not.toContain(w.privA);
      },
    },
    "GET /apis/{id}": {
      kind: "public",
      why: "a discoverable API's public view; a private one of another owner is 404",
      probe: async (p, w) => {
        expect((await p.devportal("GET", `/apis/${w.apiA}`, "eve")).status).toBe(200);
        expect((await p.devportal("GET", `/apis/${w.privA}`, "eve")).status).toBe(404);
      },
    },
    "GET /apis/{id}/documents": {
      kind: "public",
      why: "documents of a discoverable API",
      probe: async (p, w) =>
        expect((await p.devportal("GET", `/apis/${w.privA}/documents`, "eve")).status).toBe(404),
    },
    "GET /apis/{id}/documents/{docId}": {
      kind: "public",
      why: "a document of a discoverable API",
      probe: async (p, w) => {
        expect((await p.devportal("GET", `/apis/${w.privA}/documents/${w.privDocA}`, "eve")).status).toBe(
          404,
        );
        // a document is only reachable through its own API
        expect((await p.devportal("GET", `/apis/${w.apiA}/documents/${w.privDocA}`, "eve")).status).toBe(404);
      },
    },
    "GET /grant-types": {
      kind: "public",
      why: "the grant types keys may use: platform reference data",
      probe: async (p) => expect((await p.devportal("GET", "/grant-types", "eve")).status).toBe(200),
    },
    "GET /applications": {
      kind: "collection",
      why: "lists the caller's own applications",
      probe: async (p, w) =>
        expect(JSON.stringify((await p.devportal("GET", "/applications", "eve")).body)).not.toContain(w.appA),
    },
    "POST /applications": {
      kind: "collection",
      why: "creates an application owned by the caller, never anyone else's",
      probe: async (p) => {
        const r = await p.devportal("POST", "/applications", "eve", { name: "Eve probe" });
        expect(r.status).toBe(201);
        const row = await p.db.application.findUniqueOrThrow({ where: { id: r.body.id } });
        expect(row.ownerId).toBe(p.ids.eve);
        await p.db.application.delete({ where: { id: r.body.id } });
      },
    },
    "GET /applications/{id}": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "PUT /applications/{id}": {
      kind: "owner",
      params: (w) => ({ id: w.appA }),
      body: { description: "eve's" },
    },
    "DELETE /applications/{id}": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "GET /applications/{id}/keys": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "POST /applications/{id}/keys": {
      kind: "owner",
      params: (w) => ({ id: w.appA }),
      body: { keyType: "SANDBOX", grantTypes: ["client_credentials"] },
    },
    "PUT /applications/{id}/keys/{keyType}": {
      kind: "owner",
      params: (w) => ({ id: w.appA, keyType: "PRODUCTION" }),
      body: { callbackUrls: ["https://eve.example/cb"], grantTypes: ["authorization_code"] },
    },
    "DELETE /applications/{id}/keys/{keyType}": {
      kind: "owner",
      params: (w) => ({ id: w.appA, keyType: "PRODUCTION" }),
    },
    "POST /applications/{id}/keys/{keyType}/secrets": {
      kind: "owner",
      params: (w) => ({ id: w.appA, keyType: "PRODUCTION" }),
      body: { expireExistingInSeconds: 0 },
    },
    "DELETE /applications/{id}/keys/{keyType}/secrets/{secretId}": {
      kind: "owner",
      params: (w) => ({ id: w.appA, keyType: "PRODUCTION", secretId: w.secretA }),
    },
    "GET /applications/{id}/scopes": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "POST /applications/{id}/tokens": {
      kind: "owner",
      params: (w) => ({ id: w.appA }),
      body: { keyType: "PRODUCTION", scopes: [] },
    },
    "GET /applications/{id}/tokens": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "DELETE /applications/{id}/tokens": { kind: "owner", params: (w) => ({ id: w.appA }) },
    "DELETE /applications/{id}/tokens/{tokenId}": {
      kind: "owner",
      params: (w) => ({ id: w.appA, tokenId: w.tokenA }),
    },
    "GET /subscriptions": {
      kind: "collection",
      why: "the caller's own subscriptions, even when filtered by another's application",
      probe: async (p, w) => {
        const r = await p.devportal("GET", `/subscriptions?applicationId=${w.appA}`, "eve");
        expect(r.body).toEqual([]);
      },
    },
    "POST /subscriptions": {
      kind: "collection",
      why: "subscribes one of the caller's applications; another's is 404",
      probe: async (p, w) => {
        const r = await p.devportal("POST", "/subscriptions", "eve", {
          applicationId: w.appA,
          apiId: w.privA,
          tier: "Gold",
        });
        expect(r.status).toBe(404);
      },
    },
    "DELETE /subscriptions/{id}": { kind: "owner", params: (w) => ({ id: w.subA }) },
    "GET /usage": {
      kind: "collection",
      why: "usage of the caller's own applications",
      probe: async (p, w) =>
        expect((await p.devportal("GET", `/usage?applicationId=${w.appA}`, "eve")).body).toEqual([]),
    },
  },
};

// ---- server actions: every exported action of every actions.ts of both portals

/** Which operations of @portico/platform an action calls, and whom its page lets in. */
interface ActionDecision {
  gate: "publisher" | "admin" | "developer";
  operations: string[];
}
const actionDecisions: Record<string, ActionDecision> = {
  "publisher/apis#createApiAction": { gate: "publisher", operations: ["createApi"] },
  "publisher/apis#updateApiAction": { gate: "publisher", operations: ["updateApi"] },
  "publisher/apis#importOpenApiAction": { gate: "publisher", operations: ["importOpenApi"] },
  "publisher/apis#lifecycleAction": { gate: "publisher", operations: ["changeApiLifecycle"] },
  "publisher/apis#newVersionAction": { gate: "publisher", operations: ["createApiVersion"] },
  "publisher/apis#deleteApiAction": { gate: "publisher", operations: ["deleteApi", "getApi"] },
  "publisher/apis#subscriptionAction": { gate: "publisher", operations: ["changeSubscriptionState"] },
  "publisher/scopes#createSharedScopeAction": { gate: "publisher", operations: ["createSharedScope"] },
  "publisher/scopes#updateSharedScopeAction": { gate: "publisher", operations: ["updateSharedScope"] },
  "publisher/scopes#deleteSharedScopeAction": { gate: "publisher", operations: ["deleteSharedScope"] },
  "publisher/admin#grantTypeAction": { gate: "admin", operations: ["listGrantTypes", "updateGrantType"] },
  "publisher/admin#tokenValidityAction": { gate: "admin", operations: ["updateTokenValidity"] },
  "publisher/admin#createTierAction": { gate: "admin", operations: ["createTier"] },
  "publisher/admin#deleteTierAction": { gate: "admin", operations: ["deleteTier"] },
  "publisher/admin/tiers#updateTierAction": { gate: "admin", operations: ["updateTier"] },
  "publisher/admin#createKeyManagerAction": { gate: "admin", operations: ["createKeyManager"] },
  "publisher/admin#keyManagerStateAction": {
    gate: "admin",
    operations: ["deleteKeyManager", "updateKeyManager"],
  },
  "publisher/admin#createUserAction": { gate: "admin", operations: ["createUserAccount"] },
  "publisher/admin#userRolesAction": { gate: "admin", operations: ["updateUserAccount"] },
  "publisher/admin/identity-providers#createIdentityProviderAction": {
    gate: "admin",
    operations: ["createIdentityProvider"],
  },
  "publisher/admin/identity-providers#updateIdentityProviderAction": {
    gate: "admin",
    operations: ["updateIdentityProvider"],
  },
  "publisher/admin/identity-providers#identityProviderStateAction": {
    gate: "admin",
    operations: ["deleteIdentityProvider", "updateIdentityProvider"],
  },
  "publisher/admin/identity-providers#setNtHashAction": { gate: "admin", operations: ["setUserNtHash"] },
  "publisher/admin/identity-providers#linkIdentityAction": {
    gate: "admin",
    operations: ["linkFederatedIdentity"],
  },
  "publisher/admin/identity-providers#unlinkIdentityAction": {
    gate: "admin",
    operations: ["unlinkFederatedIdentity"],
  },
  "publisher/admin/policies#createPolicyAction": { gate: "admin", operations: ["createPolicy"] },
  "publisher/admin/policies#newVersionAction": { gate: "admin", operations: ["createPolicyVersion"] },
  "publisher/admin/policies#updatePolicyAction": { gate: "admin", operations: ["updatePolicy"] },
  "publisher/admin/policies#deletePolicyAction": { gate: "admin", operations: ["deletePolicy"] },
  "publisher/admin/policies#attachPolicyAction": { gate: "admin", operations: ["attachPolicy"] },
  "publisher/admin/policies#attachmentAction": {
    gate: "admin",
    operations: ["detachPolicy", "updatePolicyAttachment"],
  },
  "publisher/admin/policies#tryItAction": { gate: "admin", operations: ["evaluatePolicy"] },
  "devportal/apis/[id]#subscribeAction": { gate: "developer", operations: ["subscribe"] },
  "devportal/apis/[id]#tryItAction": { gate: "developer", operations: ["getCatalogApi"] },
  "devportal/applications#createApplicationAction": { gate: "developer", operations: ["createApplication"] },
  "devportal/applications/[id]#updateApplicationAction": {
    gate: "developer",
    operations: ["updateApplication"],
  },
  "devportal/applications/[id]#deleteApplicationAction": {
    gate: "developer",
    operations: ["deleteApplication"],
  },
  "devportal/applications/[id]#keysAction": {
    gate: "developer",
    operations: ["addSecret", "generateKeys", "revokeKeys", "revokeSecret", "updateKeys"],
  },
  "devportal/applications/[id]#unsubscribeAction": { gate: "developer", operations: ["unsubscribe"] },
  "devportal/applications/[id]#generateTokenAction": { gate: "developer", operations: ["generateToken"] },
  "devportal/applications/[id]#revokeTokensAction": {
    gate: "developer",
    operations: ["revokeApplicationTokens"],
  },
};

/**
 * How a non-owner fares with each operation a server action calls, run as a portal session
 * (what the action does after its page's role check): the expected refusal, or a check that it
 * only ever acts for the caller.
 */
type OperationProbe =
  | { refuse: 403 | 404 | 409; as: Attacker[]; args: (w: World) => unknown[] }
  | { self: (p: Platform, w: World) => Promise<void> };
const adminOnly = (...args: unknown[]): OperationProbe => ({
  refuse: 403,
  as: ["bob", "eve"],
  args: () => args,
});
const operationProbes: Record<string, OperationProbe> = {
  createApi: { refuse: 409, as: ["bob"], args: () => [apiBody("/pizza/v8")] },
  updateApi: { refuse: 404, as: ["bob"], args: (w) => [w.apiA, { isDefaultVersion: false }] },
  importOpenApi: {
    refuse: 409,
    as: ["bob"],
    args: () => [{ document: openApiDocument, context: "/pizza/imported" }],
  },
  changeApiLifecycle: { refuse: 404, as: ["bob"], args: (w) => [w.apiA, { action: "block" }] },
  createApiVersion: {
    refuse: 404,
    as: ["bob"],
    args: (w) => [w.apiA, { version: "8.0.0", isDefaultVersion: true }],
  },
  deleteApi: { refuse: 404, as: ["bob"], args: (w) => [w.apiA] },
  getApi: { refuse: 404, as: ["bob"], args: (w) => [w.apiA] },
  changeSubscriptionState: { refuse: 404, as: ["bob"], args: (w) => [w.subA, { action: "block" }] },
  createSharedScope: { refuse: 409, as: ["bob"], args: (w) => [{ name: w.scopeA }] },
  updateSharedScope: { refuse: 403, as: ["bob"], args: (w) => [w.scopeA, { roles: [], public: true }] },
  deleteSharedScope: { refuse: 403, as: ["bob"], args: (w) => [w.scopeA] },
  updateGrantType: adminOnly("password", { enabled: false }),
  listGrantTypes: adminOnly(),
  updateTokenValidity: adminOnly({ applicationTokenMax: 60 }),
  createTier: adminOnly({ name: "Free", level: "SUBSCRIPTION", requestCount: 1, unitTime: 60 }),
  deleteTier: adminOnly("x"),
  updateTier: adminOnly("x", { description: "x" }),
  createKeyManager: adminOnly({ name: "Evil", discoveryUrl: "https://evil.example" }),
  deleteKeyManager: adminOnly("x"),
  updateKeyManager: adminOnly("x", { enabled: false }),
  createUserAccount: adminOnly({ username: "mallory", password: "x".repeat(16), roles: ["admin"] }),
  updateUserAccount: adminOnly("x", { roles: ["admin"] }),
  createIdentityProvider: adminOnly({ type: "OIDC", name: "Evil" }),
  updateIdentityProvider: adminOnly("x", {}),
  deleteIdentityProvider: adminOnly("x"),
  getIdentityProvider: adminOnly("x"),
  setUserNtHash: adminOnly("x", { ntHash: "0".repeat(32) }),
  linkFederatedIdentity: adminOnly("x", { subject: "root", userId: "x" }),
  unlinkFederatedIdentity: adminOnly("x", "y"),
  createPolicy: adminOnly({ name: "Evil", content: "<x/>" }),
  createPolicyVersion: adminOnly("x", { content: "<x/>" }),
  updatePolicy: adminOnly("x", { enabled: false }),
  deletePolicy: adminOnly("x"),
  attachPolicy: adminOnly("x", {}),
  detachPolicy: adminOnly("x", "y"),
  updatePolicyAttachment: adminOnly("x", "y", {}),
  evaluatePolicy: adminOnly("x", {}),
  subscribe: {
    refuse: 404,
    as: ["eve"],
    args: (w) => [{ applicationId: w.appA, apiId: w.apiA, tier: "Gold" }],
  },
  getCatalogApi: { refuse: 404, as: ["eve"], args: (w) => [w.privA] },
  createApplication: {
    self: async (p) => {
      const app = await platform.createApplication(session(p, "eve"), { name: "Eve action probe" });
      expect((await p.db.application.findUniqueOrThrow({ where: { id: app.id } })).ownerId).toBe(p.ids.eve);
      await p.db.application.delete({ where: { id: app.id } });
    },
  },
  updateApplication: { refuse: 404, as: ["eve"], args: (w) => [w.appA, { description: "eve's" }] },
  deleteApplication: { refuse: 404, as: ["eve"], args: (w) => [w.appA] },
  generateKeys: {
    refuse: 404,
    as: ["eve"],
    args: (w) => [w.appA, { keyType: "SANDBOX", grantTypes: ["client_credentials"] }],
  },
  updateKeys: {
    refuse: 404,
    as: ["eve"],
    args: (w) => [w.appA, "PRODUCTION", { callbackUrls: ["https://eve.example/cb"] }],
  },
  addSecret: { refuse: 404, as: ["eve"], args: (w) => [w.appA, "PRODUCTION", {}] },
  revokeSecret: { refuse: 404, as: ["eve"], args: (w) => [w.appA, "PRODUCTION", w.secretA] },
  revokeKeys: { refuse: 404, as: ["eve"], args: (w) => [w.appA, "PRODUCTION"] },
  unsubscribe: { refuse: 404, as: ["eve"], args: (w) => [w.subA] },
  generateToken: { refuse: 404, as: ["eve"], args: (w) => [w.appA, { keyType: "PRODUCTION", scopes: [] }] },
  revokeApplicationTokens: { refuse: 404, as: ["eve"], args: (w) => [w.appA, w.tokenA] },
};

function session(p: Platform, user: string) {
  const roles =
    { ann: ["publisher"], bob: ["publisher"], dana: ["developer"], eve: ["developer"] }[user] ?? [];
  return {
    db: p.db,
    actor: platform.sessionPrincipal({ id: p.ids[user] ?? "", username: user, roles }),
    gatewayUrl: GATEWAY,
    issuer: ISSUER,
    keyring: p.keyring,
  };
}

/** Every table of the database except logs and counters, rows sorted: "nothing changed" is equality. */
const modelNames = [
  ...readFileSync(path.join(root, "prisma/schema.prisma"), "utf8").matchAll(/^model (\w+) \{/gm),
]
  .map((m) => m[1] ?? "")
  .filter((m) => !["AuditEvent", "ChangeEvent", "UsageCounter"].includes(m));
async function snapshot(p: Platform): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const model of modelNames) {
    const delegate = (p.db as unknown as Record<string, { findMany(args?: object): Promise<object[]> }>)[
      model.charAt(0).toLowerCase() + model.slice(1)
    ];
    if (!delegate) throw new Error(`no client delegate for model ${model}`);
    // the test's own bearer tokens are AccessToken rows of portico-cli; the applications' are kept
    const rows = await delegate.findMany(
      model === "AccessToken" ? { where: { applicationId: { not: null } } } : {},
    );
    out[model] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** The server actions on disk: `<app>/<folder under src/app>#<exported function>`. */
function actionsOnDisk(): Map<string, string> {
  const found = new Map<string, string>();
  for (const app of ["publisher", "devportal"]) {
    const appDir = path.join(root, "apps", app, "src/app");
    const files = readdirSync(appDir, { recursive: true, encoding: "utf8" }).filter(
      (f) => path.basename(f) === "actions.ts",
    );
    for (const file of files) {
      const source = readFileSync(path.join(appDir, file), "utf8");
      const folder = path.dirname(file).split(path.sep).join("/");
      const bodies = source.split(/\n(?=export )/);
      for (const body of bodies) {
        const name = /^export async function (\w+)/.exec(body)?.[1];
        if (name)
          found.set(`${app}/${folder}#${name}`, `${source.slice(0, source.indexOf("\nexport "))}\n${body}`);
      }
    }
  }
  return found;
}

describe("the owners suite: its decisions cover every route and action", () => {
  it("has a decision for every REST route, and none for routes that do not exist", () => {
    for (const name of ["publisher", "devportal"] as const) {
      const routes = restApis[name].routes.map((r) => `${r.method} ${r.path}`);
      expect(
        routes.filter((r) => !routeDecisions[name][r]),
        `${name} routes without a decision`,
      ).toEqual([]);
      expect(Object.keys(routeDecisions[name]).filter((d) => !routes.includes(d))).toEqual([]);
    }
    const adminRoutes = restApis.admin.routes.filter((r) => r.scope !== "portico:admin");
    expect(
      adminRoutes.map((r) => `${r.method} ${r.path}`),
      "admin routes open to non-admins",
    ).toEqual([]);
  });

  it("has a decision for every server action on disk, matching what it calls and whom it lets in", () => {
    const onDisk = actionsOnDisk();
    expect(
      [...onDisk.keys()].filter((a) => !actionDecisions[a]),
      "actions without a decision",
    ).toEqual([]);
    expect(
      Object.keys(actionDecisions).filter((a) => !onDisk.has(a)),
      "decisions for no action",
    ).toEqual([]);
    const operationNames = Object.keys(platform).filter(
      (n) => typeof (platform as Record<string, unknown>)[n] === "function",
    );
    for (const [key, decision] of Object.entries(actionDecisions)) {
      const source = onDisk.get(key) ?? "";
      const body = source.slice(source.lastIndexOf("\nexport async function"));
      const calls = operationNames.filter(
        (op) => op !== "formAction" && new RegExp(`\\b${op}\\(`).test(body),
      );
      expect(calls.sort(), `operations ${key} calls`).toEqual([...decision.operations].sort());
      const gate = {
        publisher: /requireRole\("publisher", "admin"\)/,
        admin: /requireRole\("admin"\)|adminContext\(\)/,
        developer: /requireDeveloper\(\)/,
      }[decision.gate];
      expect(source, `${key} lets in ${decision.gate}`).toMatch(gate);
      for (const op of decision.operations) expect(operationProbes[op], `a probe for ${op}`).toBeDefined();
    }
  });
});

describe.each<Provider>(["sqlite", "postgresql"])("the owners suite on %s", (provider) => {
  let p: Platform;
  let w: World;

  beforeAll(async () => {
    p = await startPlatform(
      { ann: ["publisher"], bob: ["publisher"], dana: ["developer"], eve: ["developer"], root: ["admin"] },
      provider,
    );
    const created = async (r: Promise<{ status: number; body: { id: string } }>) => {
      const res = await r;
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id;
    };
    const apiA = await created(
      p.publisher("POST", "/apis", "ann", {
        name: "Pizza",
        version: "1.0.0",
        context: "/pizza",
        isDefaultVersion: true,
        endpoints: { production: "https://ann.example/pizza" },
        scopes: [{ name: "pizza:order", roles: ["developer"] }],
        resources: [{ method: "GET", path: "/orders", scopes: ["pizza:order"] }],
      }),
    );
    const privA = await created(
      p.publisher("POST", "/apis", "ann", {
        name: "Kitchen",
        version: "1.0.0",
        context: "/kitchen",
        visibility: "PRIVATE",
        endpoints: { production: "https://ann.example/kitchen" },
        resources: [{ method: "GET", path: "/ovens" }],
      }),
    );
    for (const id of [apiA, privA])
      expect((await p.publisher("POST", `/apis/${id}/lifecycle`, "ann", { action: "publish" })).status).toBe(
        200,
      );
    const docA = await created(
      p.publisher("POST", `/apis/${apiA}/documents`, "ann", { name: "Guide", content: "# Order" }),
    );
    const privDocA = await created(
      p.publisher("POST", `/apis/${privA}/documents`, "ann", { name: "Secret", content: "# Ovens" }),
    );
    const scope = await p.publisher("POST", "/scopes", "ann", { name: "pizza:shared", roles: ["developer"] });
    expect(scope.status).toBe(201);
    const appA = await created(p.devportal("POST", "/applications", "dana", { name: "Dana app" }));
    const keys = await p.devportal("POST", `/applications/${appA}/keys`, "dana", {
      keyType: "PRODUCTION",
      grantTypes: ["client_credentials"],
    });
    expect(keys.status).toBe(201);
    const secret = await p.db.clientSecret.findFirstOrThrow({ where: { client: { applicationId: appA } } });
    const client = await p.db.oAuthClient.findFirstOrThrow({ where: { applicationId: appA } });
    const token = await p.db.accessToken.create({
      data: {
        jti: crypto.randomUUID(),
        format: "JWT",
        clientId: client.id,
        applicationId: appA,
        keyType: "PRODUCTION",
        scope: "pizza:order",
        grantType: "client_credentials",
        expiresAt: new Date(Date.now() + 3600_000),
      },
    });
    const subA = await created(
      p.devportal("POST", "/subscriptions", "dana", { applicationId: appA, apiId: apiA, tier: "Gold" }),
    );
    w = {
      apiA,
      privA,
      docA,
      privDocA,
      scopeA: "pizza:shared",
      appA,
      secretA: secret.id,
      tokenA: token.id,
      subA,
    };
  });
  afterAll(() => p?.close());

  for (const name of ["publisher", "devportal"] as const) {
    for (const route of restApis[name].routes) {
      const key = `${route.method} ${route.path}`;
      const decision = routeDecisions[name][key];
      if (!decision) continue; // reported by the coverage test above
      it(`${name} ${key}: ${decision.kind === "owner" ? "refused to non-owners" : decision.why}`, async () => {
        const before = await snapshot(p);
        if (decision.kind === "owner") {
          const params = decision.params(w);
          const target = route.path.replace(/\{(\w+)\}/g, (_m, n: string) =>
            encodeURIComponent(params[n] ?? ""),
          );
          // the ids are real: the refusal is about ownership, not a typo
          for (const value of Object.values(params)) expect(JSON.stringify(before)).toContain(value);
          for (const attacker of ["bob", "eve"] as const) {
            const res = await p.call(name, route.method, target, attacker, decision.body);
            expect(refused(res.status), `${attacker}: ${res.status} ${JSON.stringify(res.body)}`).toBe(true);
          }
        } else {
          await decision.probe(p, w);
        }
        expect(await snapshot(p)).toEqual(before);
      });
    }
  }

  it("admin routes: refused to publishers and developers, and nothing changes", async () => {
    const before = await snapshot(p);
    for (const route of restApis.admin.routes) {
      const target = route.path.replace(/\{(\w+)\}/g, p.ids.ann ?? "x");
      for (const attacker of ["bob", "eve", "ann", "dana"]) {
        const res = await p.call(
          "admin",
          route.method,
          target,
          attacker,
          route.method === "GET" ? undefined : {},
        );
        expect(res.status, `${attacker} ${route.method} ${route.path}`).toBe(403);
      }
    }
    expect(await snapshot(p)).toEqual(before);
  });

  it("server actions: each operation they call refuses the non-owner, and nothing changes", async () => {
    const operations = [...new Set(Object.values(actionDecisions).flatMap((d) => d.operations))].sort();
    for (const op of operations) {
      const probe = operationProbes[op];
      if (!probe) throw new Error(`no probe for ${op}`);
      const before = await snapshot(p);
      if ("self" in probe) {
        await probe.self(p, w);
      } else {
        const fn = (platform as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[op];
        if (!fn) throw new Error(`@portico/platform exports no ${op}`);
        for (const attacker of probe.as) {
          const outcome = await fn(session(p, attacker), ...probe.args(w)).then(
            () => "allowed",
            (e: unknown) => (e instanceof platform.AppError ? e.status : String(e)),
          );
          expect(outcome, `${op} as ${attacker}`).toBe(probe.refuse);
        }
      }
      expect(await snapshot(p), op).toEqual(before);
    }
    // one probe per operation, each with a full table snapshot: slow on PostgreSQL on a busy machine
  }, 90_000);

  it("the owners themselves still can: the refusals above are about ownership", async () => {
    expect((await p.publisher("GET", `/apis/${w.apiA}/subscriptions`, "ann")).body).toHaveLength(1);
    expect((await p.publisher("PUT", `/scopes/${w.scopeA}`, "ann", { public: true })).status).toBe(200);
    expect((await p.devportal("GET", `/applications/${w.appA}/tokens`, "dana")).body).toHaveLength(1);
    expect(
      (await p.publisher("POST", `/subscriptions/${w.subA}/state`, "ann", { action: "block" })).status,
    ).toBe(200);
  });
});
