// Update semantics of every PUT/PATCH route of the publisher, admin and devportal REST APIs,
// generated from their route tables. For each route: an object with non-default values in every
// field, then a body changing one field (each field in turn) must change that field and nothing
// else, and an empty body must change nothing (a partial update) or be refused naming the
// required fields (a replacing one). A route without a fixture here, or a body field no fixture
// changes, fails the suite. Runs on SQLite and on a PostgreSQL scratch database.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MasterKeyring } from "@portico/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { describeRestApi, type Route } from "../src/rest/index";
import {
  ISSUER,
  makeUser,
  type Provider,
  scratchDatabase,
  selfSignedCertificate,
  tokenIssuer,
} from "./fixtures";
import { asJson, serveRestApis } from "./rest-api";
import { adminFixtures } from "./update-semantics/admin-fixtures";
import { devportalFixtures } from "./update-semantics/devportal-fixtures";
import { environmentFixtures } from "./update-semantics/environment-fixtures";
import {
  APIS,
  type ApiName,
  type Fixture,
  type Harness,
  type Json,
  ok,
  type Subject,
  UPDATE_ROUTES,
  type View,
} from "./update-semantics/harness";
import { identityProviderFixtures } from "./update-semantics/identity-provider-fixtures";
import { publisherFixtures } from "./update-semantics/publisher-fixtures";

/** One fixture (or one per kind of object) for each update route, by "METHOD base/path". */
const FIXTURES: Record<string, Fixture[]> = {
  ...publisherFixtures,
  ...adminFixtures,
  ...identityProviderFixtures,
  ...devportalFixtures,
  ...environmentFixtures,
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
    const server = await serveRestApis(db, Object.values(APIS), { keyring: () => keyring });
    const dir = mkdtempSync(path.join(tmpdir(), "portico-updates-"));
    let counter = 0;
    h = {
      db,
      unique: () => `${++counter}`,
      certificates: [selfSignedCertificate(dir, "one"), selfSignedCertificate(dir, "two")],
      call: (api, method, route, body) => server.caller(APIS[api].base)(method, route, bearer, asJson(body)),
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
