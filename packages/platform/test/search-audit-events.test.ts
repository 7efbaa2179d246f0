import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../src/auth/principal";
import type { OperationContext } from "../src/context";
import { AppError, buildOperationContext, createTier, deleteTier, searchAuditEvents } from "../src/index";
import { GATEWAY, ISSUER, makeUser, scratchDb } from "./fixtures";

let db: Db;
const principal = (userId: string, username: string, roles: string[], scopes: string[]): Principal => ({
  userId,
  username,
  roles,
  scopes: new Set(scopes),
  via: "session",
});
let admin: OperationContext;
let publisher: OperationContext;
const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 10, minute));
let apiId = "";

beforeAll(async () => {
  db = await scratchDb();
  const root = await makeUser(db, "root", ["admin"]);
  const pat = await makeUser(db, "pat", ["publisher"]);
  const setup = { db, issuer: ISSUER, gatewayUrl: GATEWAY };
  admin = buildOperationContext(setup, principal(root.id, "root", ["admin"], ["portico:admin"]));
  publisher = buildOperationContext(
    setup,
    principal(pat.id, "pat", ["publisher"], ["portico:api_view", "portico:api_create"]),
  );
  const api = await db.api.create({
    data: { name: "PizzaShack", version: "1.0.0", context: "/pizza", ownerId: pat.id },
  });
  apiId = api.id;
  // seven events a minute apart, two of them in the same minute (ordered by id)
  const events: Array<[number, string, string, string, string]> = [
    [1, "pat", "api.create", "api", api.id],
    [2, "pat", "api.update", "api", api.id],
    [3, "pat", "api.publish", "api", api.id],
    [4, "root", "grant_type.update", "grant_type", "password"],
    [5, "root", "user.create", "user", pat.id],
    [5, "root", "settings.update", "settings", "token-validity"],
    [6, "root", "api.block", "api", api.id],
  ];
  for (const [minute, actorName, action, targetType, targetId] of events)
    await db.auditEvent.create({ data: { at: at(minute), actorName, action, targetType, targetId } });
});
afterAll(async () => {
  await db.$disconnect();
});

const ids = (page: { events: Array<{ action: string }> }) => page.events.map((e) => e.action);

describe("searching the audit log", () => {
  it("filters by actor, exact action, action prefix, target and time range, newest first", async () => {
    expect(ids(await searchAuditEvents(admin, { actor: "pat" }))).toEqual([
      "api.publish",
      "api.update",
      "api.create",
    ]);
    expect(ids(await searchAuditEvents(admin, { action: "api.publish" }))).toEqual(["api.publish"]);
    expect(ids(await searchAuditEvents(admin, { action: "api." }))).toEqual([
      "api.block",
      "api.publish",
      "api.update",
      "api.create",
    ]);
    // "api" without the dot is an exact action: none is called that
    expect(ids(await searchAuditEvents(admin, { action: "api" }))).toEqual([]);
    expect(
      ids(await searchAuditEvents(admin, { targetType: "api", targetId: apiId, actor: "root" })),
    ).toEqual(["api.block"]);
    expect(
      ids(await searchAuditEvents(admin, { from: at(2).toISOString(), to: at(4).toISOString() })),
    ).toEqual(["grant_type.update", "api.publish", "api.update"]);
  });

  it("pages by cursor without gaps or repeats, and a new event does not shift the pages", async () => {
    const first = await searchAuditEvents(admin, { limit: 3 });
    expect(first.events).toHaveLength(3);
    await db.auditEvent.create({
      data: { actorName: "root", action: "tier.create", targetType: "tier", targetId: "t" },
    });
    const seen = [...first.events];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await searchAuditEvents(admin, { limit: 3, cursor });
      seen.push(...page.events);
      cursor = page.nextCursor;
    }
    const historical = seen.filter((e) => e.action !== "tier.create");
    expect(historical).toHaveLength(7);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    // the newest event arrived after the first page: it is not on any later page
    expect(seen.some((e) => e.action === "tier.create")).toBe(false);
    await db.auditEvent.deleteMany({ where: { action: "tier.create" } });
  });

  it("names targets as people know them, including ones deleted since", async () => {
    const page = await searchAuditEvents(admin, {});
    const target = (action: string) => page.events.find((e) => e.action === action)?.target?.name;
    expect(target("api.block")).toBe("PizzaShack 1.0.0");
    expect(target("user.create")).toBe("pat");
    expect(target("grant_type.update")).toBe("Resource owner password");
    expect(target("settings.update")).toBe("Token validity");
    const tier = await createTier(admin, { name: "Brass", level: "SUBSCRIPTION", requestCount: 10 });
    await deleteTier(admin, tier.id);
    const deleted = await searchAuditEvents(admin, { targetType: "tier", targetId: tier.id });
    expect(deleted.events.map((e) => [e.action, e.target?.name, e.target?.exists])).toEqual([
      ["tier.delete", "Brass", false],
      ["tier.create", "Brass", false],
    ]);
  });

  it("refuses non-admins, forged cursors and a range that ends before it starts", async () => {
    await expect(searchAuditEvents(publisher, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    for (const bad of [
      { cursor: "bm90IGEgY3Vyc29y" },
      { cursor: "!!" },
      { from: at(5).toISOString(), to: at(1).toISOString() },
      { from: "yesterday" },
      { limit: 5000 },
      { sort: "asc" },
      { action: "%." },
    ]) {
      const error = await searchAuditEvents(admin, bad).catch((e: unknown) => e);
      expect(error, JSON.stringify(bad)).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("VALIDATION_FAILED");
    }
  });

  it("treats filter text as text, never as a pattern", async () => {
    expect((await searchAuditEvents(admin, { actor: "%" })).events).toEqual([]);
    expect((await searchAuditEvents(admin, { actor: "' OR 1=1 --" })).events).toEqual([]);
    // `_` is a LIKE wildcard: "_pi." must not match "api." actions
    expect((await searchAuditEvents(admin, { action: "_pi." })).events).toEqual([]);
    expect(ids(await searchAuditEvents(admin, { action: "grant_type." }))).toEqual(["grant_type.update"]);
  });
});
