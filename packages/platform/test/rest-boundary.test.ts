// The REST router's boundary: malformed path escapes, unknown methods and deeply nested JSON are
// the caller's errors (4xx), answered without touching the database.
import { MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, textNestingDepth, valueNestingDepth } from "../src/json-depth";
import { identityProviderRoutes } from "../src/rest/index";
import { makeUser, scratchDb, tokenIssuer } from "./fixtures";
import { startPublisherApi } from "./publisher-server";
import { serveRestApis } from "./rest-api";

let publisher: Awaited<ReturnType<typeof startPublisherApi>>;
let admin: { db: Db; server: Awaited<ReturnType<typeof serveRestApis>>; token: string };

beforeAll(async () => {
  publisher = await startPublisherApi({ pat: ["publisher"] });
  const db = await scratchDb();
  const token = await (await tokenIssuer(db))((await makeUser(db, "root", ["admin"])).id, "portico:admin");
  const keyring = new MasterKeyring([MasterKeyring.generateKey()]);
  const base = "/api/admin/v1";
  const server = await serveRestApis(db, [{ base, routes: identityProviderRoutes }], {
    keyring: () => keyring,
  });
  admin = { db, server, token };
});
afterAll(async () => {
  await publisher.close();
  await admin.server.close();
  await admin.db.$disconnect();
});

const nested = (depth: number): unknown => {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};
const nestedText = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

const tables = async (db: Db) => ({
  apis: await db.api.count(),
  idps: await db.identityProvider.count(),
  audit: await db.auditEvent.count(),
});

describe("malformed percent-encoding in a path segment", () => {
  it.each(["%ZZ", "%E0%A4%A", "%", "%C0%AE"])(
    "/apis/%s → 400 VALIDATION_FAILED, with or without a token",
    async (seg) => {
      for (const user of ["pat", null]) {
        const res = await publisher.call("GET", `/apis/${seg}`, user);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe("VALIDATION_FAILED");
      }
    },
  );
});

describe("methods the router does not know", () => {
  it.each(["PROPFIND", "PURGE", "MKCOL"])("%s on a known path → 405 METHOD_NOT_ALLOWED", async (method) => {
    const r = await publisher.call(method, "/apis", "pat");
    expect(r.status).toBe(405);
    expect(r.body.code).toBe("METHOD_NOT_ALLOWED");
  });
});

describe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, () => {
  it("counts nesting without recursion, ignoring brackets in strings", () => {
    expect(textNestingDepth(nestedText(100_000))).toBe(100_000);
    expect(textNestingDepth('{"a":"[[[[\\"[["}')).toBe(1);
    expect(valueNestingDepth(JSON.parse(nestedText(10_000)), 64)).toBe(65);
    expect(valueNestingDepth(nested(64))).toBe(64);
  });

  it("import-openapi with a 10,000-level document (object, JSON text or YAML text) → 400, nothing stored", async () => {
    const before = await tables(publisher.db);
    const bearer = await publisher.bearer("pat");
    const documents = [
      `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`,
      JSON.stringify(nestedText(10_000)),
      JSON.stringify(`openapi: 3.0.3\nx: ${nestedText(10_000)}\n`),
    ];
    for (const document of documents) {
      const res = await fetch(`${publisher.base}/apis/import-openapi`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: `{"context":"/deep","document":${document}}`,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe("VALIDATION_FAILED");
    }
    expect(await tables(publisher.db)).toEqual(before);
  });

  it("any JSON body: 65 levels → 400, 64 levels still parsed (and judged on its content)", async () => {
    const deep = await publisher.call("POST", "/apis", "pat", { name: "x", extra: nested(65) });
    expect(deep.status).toBe(400);
    expect(deep.body.message).toMatch(/nested deeper than 64/);
    const ok = await publisher.call("POST", "/apis", "pat", { name: "x", extra: nested(63) });
    expect(ok.status).toBe(400);
    expect(ok.body.message).not.toMatch(/nested deeper/);
  });

  it("identity-provider mapping 10,000 levels deep → 400, nothing stored", async () => {
    const before = await tables(admin.db);
    const res = await fetch(`${admin.server.url}/api/admin/v1/identity-providers`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
      body: `{"type":"NTLM","name":"deep","domain":"CORP","mapping":{"x":${nestedText(10_000)}}}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("VALIDATION_FAILED");
    expect(await tables(admin.db)).toEqual(before);
  });
});
