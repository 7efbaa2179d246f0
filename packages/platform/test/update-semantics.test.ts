// Update semantics of every PUT/PATCH route of the publisher, admin and devportal REST APIs,
// generated from their route tables. For each route: an object with non-default values in every
// field, then a body changing one field (each field in turn) must change that field and nothing
// else, and an empty body must change nothing (a partial update) or be refused naming the
// required fields (a replacing one). A route without a fixture here, or a body field no fixture
// changes, fails the suite. Runs on SQLite and on a PostgreSQL scratch database.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  adminRoutes,
  createRestHandler,
  describeRestApi,
  devportalRoutes,
  publisherRoutes,
  type Route,
} from "../src/rest/index";
import { GATEWAY, ISSUER, makeUser, type Provider, scratchDatabase, serve, tokenIssuer } from "./fixtures";

const APIS = {
  publisher: { base: "/api/publisher/v1", routes: publisherRoutes },
  admin: { base: "/api/admin/v1", routes: adminRoutes },
  devportal: { base: "/api/devportal/v1", routes: devportalRoutes },
} as const;
type ApiName = keyof typeof APIS;

const UPDATE_ROUTES = (Object.keys(APIS) as ApiName[]).flatMap((api) =>
  APIS[api].routes
    .filter((route) => route.method === "PUT" || route.method === "PATCH")
    .map((route) => ({ api, route, key: `${route.method} ${APIS[api].base}${route.path}` })),
);

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers field by field
type Json = any;
type View = Record<string, unknown>;

interface Harness {
  db: Db;
  call(api: ApiName, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  /** a value no other object of this run has */
  unique(): string;
  certificates: [string, string];
}

interface Subject {
  params: Record<string, string>;
  read(): Promise<View>;
  /** what the fixture's changes need to know about this object */
  data?: Record<string, string>;
}

interface Fixture {
  /** creates an object with a non-default value in every field */
  create(h: Harness): Promise<Subject>;
  /** per body field, a value other than the created one (a function is called with the object) */
  changes: Record<string, unknown>;
  /** the view keys a field changes, where they are not the field's own name */
  shows?: Record<string, string[]>;
  /** body keys that say which setting to change rather than being one */
  selectors?: string[];
  /** fields that cannot change: another value is 400 naming them */
  immutable?: Record<string, unknown>;
  /** for a replacing route: the fields a body must carry */
  required?: string[];
  /** fields whose values are secrets: never in the audit log */
  secrets?: string[];
  /** the audit entry does not list changed fields (it says only how a write-only secret was set) */
  auditsWithoutFields?: boolean;
}

const ok = (res: { status: number; body: Json }, status = 200) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};

function policyXml(id: string, rule = "permit-all") {
  return `<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="${id}" Version="1.0"
  RuleCombiningAlgId="urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable">
  <Target/>
  <Rule RuleId="${rule}" Effect="Permit"/>
</Policy>`;
}

async function simpleApi(h: Harness): Promise<string> {
  const n = h.unique();
  return ok(
    await h.call("publisher", "POST", "/apis", { name: `S${n}`, version: "1", context: `/s${n}` }),
    201,
  ).id;
}

async function listed(h: Harness, api: ApiName, path: string, match: (row: Json) => boolean): Promise<View> {
  const row = (ok(await h.call(api, "GET", path)) as Json[]).find(match);
  if (!row) throw new Error(`not listed at ${path}`);
  return row;
}

async function identityProvider(h: Harness, body: Record<string, unknown>): Promise<Subject> {
  const id = ok(await h.call("admin", "POST", "/identity-providers", body), 201).id;
  return {
    params: { id },
    read: async () => ({
      ...ok(await h.call("admin", "GET", `/identity-providers/${id}`)),
      keytabEnc: (await h.db.identityProvider.findUniqueOrThrow({ where: { id } })).keytabEnc,
    }),
  };
}

const idpCommon = {
  mapping: { username: "email" },
  provisionUsers: true,
  enabled: false,
};
const idpCommonChanges = {
  mapping: { username: "upn" },
  provisionUsers: false,
  enabled: true,
};
const idpImmutable = { type: "NTLM", name: "renamed" };

/** One fixture (or one per kind of object) for each update route, by "METHOD base/path". */
const FIXTURES: Record<string, Fixture[]> = {
  "PUT /api/publisher/v1/apis/{id}": [
    {
      async create(h) {
        const n = h.unique();
        const scope = `full${n}:read`;
        const api = ok(
          await h.call("publisher", "POST", "/apis", {
            name: `Full ${n}`,
            version: "1.0.0",
            context: `/full${n}`,
            description: "every field set",
            tags: ["alpha"],
            endpoints: {
              production: "https://prod.example/api",
              sandbox: "https://sandbox.example/api",
              productionFailovers: ["https://prod2.example/api"],
              sandboxFailovers: ["https://sandbox2.example/api"],
              loadBalance: true,
            },
            transports: ["https", "http"],
            visibility: "RESTRICTED",
            visibleRoles: ["publisher"],
            isDefaultVersion: true,
            cors: {
              enabled: true,
              allowOrigins: ["https://app.example"],
              allowMethods: ["GET"],
              allowHeaders: ["x-custom"],
              allowCredentials: true,
              maxAge: 60,
            },
            backendJwt: {
              enabled: true,
              header: "X-Backend",
              expirySeconds: 120,
              claims: { dept: "department" },
            },
            forwardAuthorization: true,
            allowMethodOverride: true,
            gatewayPolicies: [
              {
                policy: "header-mediation",
                resource: { method: "GET", path: "/items/{id}" },
                config: { headers: [{ action: "set", name: "X-Tenant", value: "{claims.org}" }] },
              },
            ],
            tiers: ["Gold"],
            keyManagers: ["Resident Key Manager"],
            scopes: [{ name: scope, displayName: "Read", description: "reads", roles: ["developer"] }],
            resources: [
              {
                method: "GET",
                path: "/items/{id}",
                scopes: [scope],
                authRequired: false,
                description: "one item",
                throttlingTier: "Unlimited",
              },
            ],
          }),
          201,
        );
        // published, so the rules about a published API's definition apply too
        ok(await h.call("publisher", "POST", `/apis/${api.id}/lifecycle`, { action: "publish" }));
        return {
          params: { id: api.id },
          data: { n, scope },
          read: async () => ok(await h.call("publisher", "GET", `/apis/${api.id}`)),
        };
      },
      changes: {
        name: (s: Subject) => `Renamed ${s.data?.n}`,
        description: "changed",
        tags: ["beta"],
        endpoints: { production: "https://other.example/api" },
        transports: ["https"],
        visibility: "PUBLIC",
        visibleRoles: ["developer"],
        isDefaultVersion: false,
        cors: { enabled: false },
        backendJwt: { enabled: false },
        forwardAuthorization: false,
        allowMethodOverride: false,
        gatewayPolicies: [
          { policy: "header-mediation", config: { query: [{ action: "remove", name: "debug" }] } },
        ],
        tiers: ["Silver"],
        keyManagers: [],
        scopes: (s: Subject) => [
          { name: s.data?.scope, displayName: "Read", description: "changed", roles: ["developer"] },
        ],
        resources: (s: Subject) => [
          {
            method: "GET",
            path: "/items/{id}",
            scopes: [s.data?.scope],
            authRequired: true,
            description: "one item",
            throttlingTier: "Unlimited",
          },
        ],
      },
      shows: { isDefaultVersion: ["isDefaultVersion", "gatewayUrls"] },
    },
  ],
  "PUT /api/publisher/v1/apis/{id}/documents/{docId}": [
    {
      async create(h) {
        const apiId = await simpleApi(h);
        const doc = ok(
          await h.call("publisher", "POST", `/apis/${apiId}/documents`, {
            name: "Guide",
            type: "SAMPLES",
            content: "# Hello",
          }),
          201,
        );
        return {
          params: { id: apiId, docId: doc.id },
          read: async () => ok(await h.call("publisher", "GET", `/apis/${apiId}/documents/${doc.id}`)),
        };
      },
      changes: {
        name: "Other guide",
        type: "OTHER",
        content: "# Changed",
        sourceUrl: "https://docs.example/guide",
      },
      // a document is content or a link: setting the link clears the content
      shows: { sourceUrl: ["sourceUrl", "content"] },
    },
  ],
  "PUT /api/publisher/v1/scopes/{name}": [
    {
      async create(h) {
        const name = `shared${h.unique()}:read`;
        ok(
          await h.call("publisher", "POST", "/scopes", {
            name,
            displayName: "Shared",
            description: "reads",
            roles: ["developer"],
            public: true,
          }),
          201,
        );
        return {
          params: { name },
          read: () => listed(h, "publisher", "/scopes", (s) => s.name === name),
        };
      },
      changes: { displayName: "Other", description: "changed", roles: ["publisher"], public: false },
    },
  ],
  "PUT /api/admin/v1/grant-types/{name}": [
    {
      async create(h) {
        await h.db.grantTypeSetting.update({ where: { name: "password" }, data: { enabled: true } });
        return {
          params: { name: "password" },
          read: () => listed(h, "admin", "/grant-types", (g) => g.name === "password"),
        };
      },
      changes: { enabled: false },
      selectors: ["keyManager"],
      required: ["enabled"],
    },
  ],
  "PUT /api/admin/v1/token-validity": [
    {
      async create(h) {
        const values = {
          applicationTokenDefault: 1000,
          applicationTokenMax: 5000,
          userTokenDefault: 1100,
          userTokenMax: 5100,
          refreshTokenDefault: 1200,
          refreshTokenMax: 5200,
          authorizationCodeTtl: 120,
          idTokenTtl: 1300,
        };
        await h.db.tokenValiditySetting.upsert({
          where: { id: "default" },
          create: { id: "default", ...values },
          update: values,
        });
        return { params: {}, read: async () => ok(await h.call("admin", "GET", "/token-validity")) };
      },
      changes: {
        applicationTokenDefault: 1001,
        applicationTokenMax: 5001,
        userTokenDefault: 1101,
        userTokenMax: 5101,
        refreshTokenDefault: 1201,
        refreshTokenMax: 5201,
        authorizationCodeTtl: 121,
        idTokenTtl: 1301,
      },
    },
  ],
  "PUT /api/admin/v1/key-managers/{id}": [
    {
      async create(h) {
        const n = h.unique();
        const { id } = await h.db.keyManager.create({
          data: {
            name: `km${n}`,
            type: "EXTERNAL",
            issuer: `https://idp${n}.example`,
            jwksUri: `https://idp${n}.example/jwks`,
            enabled: false,
            claimMappings: { groups: "roles" },
          },
        });
        return { params: { id }, read: () => listed(h, "admin", "/key-managers", (k) => k.id === id) };
      },
      changes: { enabled: true, claimMappings: { dept: "department" } },
    },
  ],
  "PUT /api/admin/v1/tiers/{id}": [
    {
      async create(h) {
        const n = h.unique();
        const { id } = ok(
          await h.call("admin", "POST", "/tiers", {
            name: `T${n}`,
            level: "SUBSCRIPTION",
            description: "a tier",
            requestCount: 100,
            unitSeconds: 120,
            burst: 5,
          }),
          201,
        );
        return { params: { id }, data: { n }, read: () => listed(h, "admin", "/tiers", (t) => t.id === id) };
      },
      changes: {
        name: (s: Subject) => `Renamed ${s.data?.n}`,
        level: "APPLICATION",
        description: "changed",
        unlimited: true,
        requestCount: 200,
        unitSeconds: 30,
        burst: 7,
      },
    },
  ],
  "PUT /api/admin/v1/users/{id}": [
    {
      async create(h) {
        const { id } = await makeUser(h.db, `u${h.unique()}`, ["developer", "publisher"]);
        await h.db.user.update({ where: { id }, data: { disabled: true } });
        return { params: { id }, read: () => listed(h, "admin", "/users", (u) => u.id === id) };
      },
      changes: { roles: ["developer"], disabled: false },
    },
  ],
  "PUT /api/admin/v1/users/{id}/nt-hash": [
    {
      async create(h) {
        const { id } = await makeUser(h.db, `nt${h.unique()}`, ["developer"]);
        ok(await h.call("admin", "PUT", `/users/${id}/nt-hash`, { ntHash: "a".repeat(32) }));
        return {
          params: { id },
          read: async () => ({
            ...(await listed(h, "admin", "/users", (u) => u.id === id)),
            ntHashEnc: (await h.db.user.findUniqueOrThrow({ where: { id } })).ntHashEnc,
          }),
        };
      },
      changes: { password: "An-Other-Windows-Password", ntHash: "b".repeat(32) },
      shows: { password: ["ntHashEnc"], ntHash: ["ntHashEnc"] },
      required: ["password"],
      secrets: ["password", "ntHash"],
      auditsWithoutFields: true,
    },
  ],
  "PUT /api/admin/v1/policies/{id}": [
    {
      async create(h) {
        const n = h.unique();
        const { id } = ok(
          await h.call("admin", "POST", "/policies", {
            name: `P${n}`,
            description: "a policy",
            content: policyXml(`p${n}`),
            enabled: false,
          }),
          201,
        );
        ok(
          await h.call("admin", "POST", `/policies/${id}/versions`, { content: policyXml(`p${n}`, "v2") }),
          201,
        );
        return {
          params: { id },
          data: { n },
          read: async () => ok(await h.call("admin", "GET", `/policies/${id}`)),
        };
      },
      changes: {
        name: (s: Subject) => `Renamed ${s.data?.n}`,
        description: "changed",
        enabled: true,
        currentVersion: 1,
      },
      shows: { currentVersion: ["currentVersion", "content", "versions"] },
    },
  ],
  "PUT /api/admin/v1/policies/{id}/attachments/{attachmentId}": [
    {
      async create(h) {
        const n = h.unique();
        const policy = ok(await h.call("admin", "POST", "/policies", { content: policyXml(`a${n}`) }), 201);
        const apiId = await simpleApi(h);
        const attachment = ok(
          await h.call("admin", "POST", `/policies/${policy.id}/attachments`, {
            apiId,
            onNotApplicable: "permit",
          }),
          201,
        );
        return {
          params: { id: policy.id, attachmentId: attachment.id },
          read: () => listed(h, "admin", `/policies/${policy.id}/attachments`, (a) => a.id === attachment.id),
        };
      },
      changes: { onNotApplicable: "deny" },
      required: ["onNotApplicable"],
    },
  ],
  "PUT /api/admin/v1/identity-providers/{id}": [
    {
      create: (h) =>
        identityProvider(h, {
          type: "SAML2",
          name: `saml${h.unique()}`,
          entityId: `https://saml${h.unique()}.example`,
          certificates: [h.certificates[0]],
          audience: "https://sp.example",
          clockSkewSeconds: 30,
          allowSha1: true,
          ...idpCommon,
        }),
      changes: {
        entityId: `https://saml-other.example`,
        certificates: (_s: Subject, h: Harness) => [h.certificates[1]],
        audience: "https://other-sp.example",
        clockSkewSeconds: 90,
        allowSha1: false,
        ...idpCommonChanges,
      },
      shows: { entityId: ["issuer"] },
      immutable: idpImmutable,
    },
    {
      create: (h) =>
        identityProvider(h, {
          type: "KERBEROS",
          name: `krb${h.unique()}`,
          realm: `R${h.unique()}.EXAMPLE`,
          servicePrincipal: "HTTP/host.example",
          keytab: Buffer.from("first keytab bytes").toString("base64"),
          ...idpCommon,
        }),
      changes: {
        realm: "OTHER.EXAMPLE",
        servicePrincipal: "HTTP/other.example",
        keytab: Buffer.from("second keytab, secret").toString("base64"),
        ...idpCommonChanges,
      },
      shows: { realm: ["issuer"], servicePrincipal: ["audience"], keytab: ["keytabEnc"] },
      immutable: idpImmutable,
      secrets: ["keytab"],
    },
    {
      create: (h) =>
        identityProvider(h, {
          type: "NTLM",
          name: `ntlm${h.unique()}`,
          domain: `D${h.unique()}`,
          ...idpCommon,
        }),
      changes: { domain: "OTHERDOMAIN", ...idpCommonChanges },
      shows: { domain: ["issuer"] },
      immutable: { type: "OIDC", name: "renamed" },
    },
    {
      create: (h) =>
        identityProvider(h, {
          type: "OIDC",
          name: `oidc${h.unique()}`,
          issuer: `https://oidc${h.unique()}.example`,
          jwksUri: "https://oidc.example/jwks",
          audience: "portico",
          clockSkewSeconds: 30,
          ...idpCommon,
        }),
      changes: {
        issuer: "https://oidc-other.example",
        jwksUri: "https://oidc-other.example/jwks",
        audience: "other",
        clockSkewSeconds: 90,
        ...idpCommonChanges,
      },
      immutable: idpImmutable,
    },
  ],
  "PUT /api/admin/v1/signup": [
    {
      async create(h) {
        await h.db.platformSetting.upsert({
          where: { key: "signup.enabled" },
          create: { key: "signup.enabled", value: true },
          update: { value: true },
        });
        return { params: {}, read: async () => ok(await h.call("admin", "GET", "/signup")) };
      },
      changes: { enabled: false },
      required: ["enabled"],
    },
  ],
  "PUT /api/devportal/v1/applications/{id}": [
    {
      async create(h) {
        const n = h.unique();
        const { id } = ok(
          await h.call("devportal", "POST", "/applications", {
            name: `App ${n}`,
            description: "an application",
            tokenType: "OPAQUE",
            defaultValidity: 7200,
            tier: "50PerMin",
          }),
          201,
        );
        return {
          params: { id },
          data: { n },
          read: async () => ok(await h.call("devportal", "GET", `/applications/${id}`)),
        };
      },
      changes: {
        name: (s: Subject) => `Renamed ${s.data?.n}`,
        description: "changed",
        tokenType: "JWT",
        defaultValidity: 600,
        tier: "10PerMin",
      },
    },
  ],
  "PUT /api/devportal/v1/applications/{id}/keys/{keyType}": [
    {
      async create(h) {
        const { id } = ok(
          await h.call("devportal", "POST", "/applications", { name: `Keys ${h.unique()}` }),
          201,
        );
        ok(
          await h.call("devportal", "POST", `/applications/${id}/keys`, {
            keyType: "PRODUCTION",
            grantTypes: ["client_credentials", "authorization_code"],
            callbackUrls: ["https://app.example/cb"],
            pkceRequired: false,
          }),
          201,
        );
        return {
          params: { id, keyType: "PRODUCTION" },
          read: () => listed(h, "devportal", `/applications/${id}/keys`, (k) => k.keyType === "PRODUCTION"),
        };
      },
      changes: {
        grantTypes: ["client_credentials"],
        callbackUrls: ["https://app.example/other"],
        pkceRequired: true,
      },
    },
  ],
};

/** The top-level field names a body schema accepts. */
function bodyFields(schema: z.ZodType | undefined): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodUnion || schema instanceof z.ZodDiscriminatedUnion)
    return [...new Set((schema.options as z.ZodType[]).flatMap(bodyFields))];
  return [];
}

const without = (view: View, keys: string[]) =>
  Object.fromEntries(Object.entries(view).filter(([k]) => !keys.includes(k) && k !== "updatedAt"));
const only = (view: View, keys: string[]) => Object.fromEntries(keys.map((k) => [k, view[k]]));
const fill = (route: Route, params: Record<string, string>) =>
  route.path.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ""));

describe("the update-semantics suite covers every update route", () => {
  it("has a fixture for every PUT and PATCH route, and every route declares its body and semantics", () => {
    expect(UPDATE_ROUTES.length).toBeGreaterThan(0);
    expect(UPDATE_ROUTES.filter((u) => !FIXTURES[u.key]).map((u) => u.key)).toEqual([]);
    expect(UPDATE_ROUTES.filter((u) => !u.route.body || !u.route.update).map((u) => u.key)).toEqual([]);
    expect(Object.keys(FIXTURES).filter((key) => !UPDATE_ROUTES.some((u) => u.key === key))).toEqual([]);
  });

  it("changes every field of every update route's body, and only fields the body has", () => {
    for (const { key, route } of UPDATE_ROUTES) {
      const fixtures = FIXTURES[key] ?? [];
      const covered = fixtures.flatMap((f) => [
        ...Object.keys(f.changes),
        ...(f.selectors ?? []),
        ...Object.keys(f.immutable ?? {}),
      ]);
      const fields = bodyFields(route.body);
      expect({ key, missing: fields.filter((f) => !covered.includes(f)) }).toEqual({ key, missing: [] });
      expect({ key, unknown: covered.filter((f) => !fields.includes(f)) }).toEqual({ key, unknown: [] });
      for (const f of fixtures) {
        if (route.update === "replace") expect(f.required?.length, key).toBeGreaterThan(0);
      }
    }
  });

  it("documents each update route's semantics in its API's OpenAPI document", () => {
    for (const name of Object.keys(APIS) as ApiName[]) {
      const doc = describeRestApi({
        title: name,
        version: "v1",
        serverUrl: APIS[name].base,
        issuer: ISSUER,
        routes: APIS[name].routes,
      }) as Json;
      expect(doc.info.description).toMatch(/partial/);
      for (const { api, route } of UPDATE_ROUTES.filter((u) => u.api === name)) {
        const operation = doc.paths[route.path][route.method.toLowerCase()];
        expect(operation["x-portico-update"], `${api} ${route.path}`).toBe(route.update);
        expect(operation.description).toMatch(
          route.update === "partial" ? /exactly the fields/ : /required field/,
        );
      }
    }
  });
});

const PROVIDERS: Provider[] = ["sqlite", "postgresql"];

describe.each(PROVIDERS)("update semantics on %s", (provider) => {
  let h: Harness;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const { db, drop } = await scratchDatabase(provider);
    const keyring = new MasterKeyring([MasterKeyring.generateKey()]);
    const issue = await tokenIssuer(db);
    const root = await makeUser(db, "root", ["admin", "publisher", "developer"]);
    const bearer = await issue(
      root.id,
      "portico:api_view portico:api_create portico:api_publish portico:admin portico:subscribe portico:app_manage",
      { expiresIn: 3600 },
    );
    const deps = () => ({ db, issuer: ISSUER, gatewayUrl: GATEWAY, keyring: () => keyring });
    const handlers = (Object.keys(APIS) as ApiName[]).map((name) => ({
      base: APIS[name].base,
      handle: createRestHandler(APIS[name].base, [...APIS[name].routes], deps, () => ({})),
    }));
    const server = await serve(async (request) => {
      const { pathname } = new URL(request.url);
      const handler = handlers.find((x) => pathname.startsWith(`${x.base}/`));
      return handler ? handler.handle(request) : new Response(null, { status: 404 });
    });
    const dir = mkdtempSync(path.join(tmpdir(), "portico-updates-"));
    const certificate = (name: string) => {
      execFileSync(
        "openssl",
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, `${name}.key`)].concat([
          "-out",
          path.join(dir, `${name}.pem`),
          "-days",
          "1",
          "-subj",
          `/CN=${name}`,
        ]),
        { stdio: "pipe" },
      );
      return readFileSync(path.join(dir, `${name}.pem`), "utf8");
    };
    let counter = 0;
    h = {
      db,
      unique: () => `${++counter}`,
      certificates: [certificate("one"), certificate("two")],
      async call(api, method, route, body) {
        const res = await fetch(`${server.url}${APIS[api].base}${route}`, {
          method,
          headers: {
            authorization: `Bearer ${bearer}`,
            ...(body !== undefined ? { "content-type": "application/json" } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null };
      },
    };
    close = async () => {
      await server.close();
      await drop();
    };
  });

  afterAll(async () => {
    await close?.();
  });

  /** The audit entries an action wrote: run it and return what appeared. */
  async function audited<T>(action: () => Promise<T>): Promise<{ result: T; events: Json[] }> {
    const seen = new Set((await h.db.auditEvent.findMany({ select: { id: true } })).map((e) => e.id));
    const result = await action();
    const events = (await h.db.auditEvent.findMany()).filter((e) => !seen.has(e.id));
    return { result, events };
  }

  for (const { api, route, key } of UPDATE_ROUTES) {
    for (const [index, fixture] of (FIXTURES[key] ?? []).entries()) {
      const label = (FIXTURES[key]?.length ?? 0) > 1 ? `${key} (${index + 1})` : key;
      const changeFor = (field: string, subject: Subject) => {
        const value = fixture.changes[field];
        return typeof value === "function" ? value(subject, h) : value;
      };

      for (const field of Object.keys(fixture.changes)) {
        it(`${label}: a body with only ${field} changes ${field} and nothing else`, async () => {
          const subject = await fixture.create(h);
          const before = await subject.read();
          const value = changeFor(field, subject);
          const { events } = await audited(async () =>
            ok(await h.call(api, route.method, fill(route, subject.params), { [field]: value })),
          );
          const after = await subject.read();
          const shown = fixture.shows?.[field] ?? [field];
          expect(without(after, shown)).toEqual(without(before, shown));
          expect(only(after, shown)).not.toEqual(only(before, shown));
          if (!fixture.auditsWithoutFields) {
            // the audit entry names the changed field (and only fields this change touched)
            expect(events).toHaveLength(1);
            const fields = events[0].details.fields as string[];
            expect(fields).toContain(field);
            for (const f of fields) expect([field, ...shown]).toContain(f);
          }
          if (fixture.secrets?.includes(field)) {
            expect(JSON.stringify(events)).not.toContain(String(value));
          }
        });
      }

      for (const [field, value] of Object.entries(fixture.immutable ?? {})) {
        it(`${label}: ${field} cannot change (400 naming it, nothing changed)`, async () => {
          const subject = await fixture.create(h);
          const before = await subject.read();
          const res = await h.call(api, route.method, fill(route, subject.params), { [field]: value });
          expect(res.status).toBe(400);
          expect(res.body.details.fields.map((f: Json) => f.field)).toContain(field);
          expect(without(await subject.read(), [])).toEqual(without(before, []));
        });
      }

      if (route.update === "partial") {
        it(`${label}: an empty body changes nothing`, async () => {
          const subject = await fixture.create(h);
          const before = await subject.read();
          const { events } = await audited(async () =>
            ok(await h.call(api, route.method, fill(route, subject.params), {})),
          );
          expect(without(await subject.read(), [])).toEqual(without(before, []));
          for (const event of events) expect(event.details.fields).toEqual([]);
        });
      } else {
        it(`${label}: replaces the whole setting, so an empty body is 400 naming ${fixture.required?.join(", ")}`, async () => {
          const subject = await fixture.create(h);
          const before = await subject.read();
          const res = await h.call(api, route.method, fill(route, subject.params), {});
          expect(res.status).toBe(400);
          const named = res.body.details.fields.map((f: Json) => f.field);
          for (const required of fixture.required ?? []) expect(named).toContain(required);
          expect(without(await subject.read(), [])).toEqual(without(before, []));
        });
      }
    }
  }

  it("issue 23: a description-only change leaves a private API's visibility, scopes, resources and endpoint", async () => {
    const n = h.unique();
    const created = ok(
      await h.call("publisher", "POST", "/apis", {
        name: `Private ${n}`,
        version: "1.0.0",
        context: `/private${n}`,
        visibility: "PRIVATE",
        endpoints: { production: "https://backend.example/api" },
        scopes: [{ name: `private${n}:read`, roles: ["developer"] }],
        resources: [{ method: "GET", path: "/things", scopes: [`private${n}:read`] }],
      }),
      201,
    );
    const changed = ok(await h.call("publisher", "PUT", `/apis/${created.id}`, { description: "only this" }));
    expect(changed).toMatchObject({
      description: "only this",
      visibility: "PRIVATE",
      endpoints: { production: "https://backend.example/api" },
    });
    expect(changed.scopes).toHaveLength(1);
    expect(changed.resources).toHaveLength(1);
    // published, the default-version flag alone can change
    ok(await h.call("publisher", "POST", `/apis/${created.id}/lifecycle`, { action: "publish" }));
    const flag = ok(await h.call("publisher", "PUT", `/apis/${created.id}`, { isDefaultVersion: false }));
    expect(flag).toMatchObject({ isDefaultVersion: false, visibility: "PRIVATE" });
    expect(flag.resources).toHaveLength(1);
    // a change that would leave a published API without resources or endpoint is refused
    const bare = await h.call("publisher", "PUT", `/apis/${created.id}`, { resources: [], endpoints: {} });
    expect(bare.status).toBe(400);
    expect(bare.body.details.fields.map((f: Json) => f.field).sort()).toEqual(["endpoints", "resources"]);
    expect(ok(await h.call("publisher", "GET", `/apis/${created.id}`)).resources).toHaveLength(1);
  });
});
