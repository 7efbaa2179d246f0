import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "./fixtures";
import { type Platform, startPlatform } from "./platform-server";

// Approval workflows over the real REST APIs: the admin's settings, the waiting object, the
// approver's inbox and decision (one winner under a race, 409 after), the requester's view.
describe.each<Provider>(["sqlite", "postgresql"])("approval workflows on %s", (provider) => {
  let p: Platform;
  let apiId = "";
  let openApiId = "";

  const createApi = async (owner: string, context: string) => {
    const api = await p.publisher("POST", "/apis", owner, {
      name: `Api${context.replace(/\W/g, "")}`,
      version: "1.0.0",
      context,
      endpoints: { production: "https://backend.example/x" },
      resources: [{ method: "GET", path: "/menu" }],
    });
    expect(api.status, JSON.stringify(api.body)).toBe(201);
    return api.body.id as string;
  };
  const app = async (user: string, name: string) => {
    const r = await p.devportal("POST", "/applications", user, { name });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; status: string };
  };
  const subState = async (id: string) => (await p.db.subscription.findUnique({ where: { id } }))?.state;

  beforeAll(async () => {
    p = await startPlatform(
      { ann: ["publisher"], bob: ["publisher"], dana: ["developer"], eve: ["developer"], root: ["admin"] },
      provider,
    );
    apiId = await createApi("ann", "/pizza");
    openApiId = await createApi("ann", "/open");
    for (const id of [apiId, openApiId])
      expect((await p.publisher("POST", `/apis/${id}/lifecycle`, "ann", { action: "publish" })).status).toBe(
        200,
      );
  });
  afterAll(() => p?.close());

  it("settings: admins only, unknown APIs and tiers refused naming the field, partial updates", async () => {
    expect((await p.admin("GET", "/approval-settings", "root")).body).toMatchObject({
      subscriptionsForAllApis: false,
      subscriptionApis: [],
      applicationCreation: false,
    });
    for (const [body, field] of [
      [{ subscriptionApis: ["no-such-api"] }, "subscriptionApis"],
      [{ subscriptionTiers: ["10PerMin"] }, "subscriptionTiers"],
      [{ applicationCreation: "yes" }, "applicationCreation"],
      [{ surprise: true }, "(body)"],
    ] as const) {
      const r = await p.admin("PUT", "/approval-settings", "root", body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await p.admin("PUT", "/approval-settings", "ann", { subscriptionApis: [apiId] })).status).toBe(
      403,
    );
    expect((await p.admin("GET", "/approval-settings", "root")).body.subscriptionApis).toEqual([]);
    const set = await p.admin("PUT", "/approval-settings", "root", { subscriptionApis: [apiId] });
    expect(set.status).toBe(200);
    const tiers = await p.admin("PUT", "/approval-settings", "root", { subscriptionTiers: ["Bronze"] });
    expect(tiers.body).toMatchObject({ subscriptionApis: [apiId], subscriptionTiers: ["Bronze"] });
    const audit = await p.db.auditEvent.findMany({ where: { action: "approvals.settings.update" } });
    expect(audit.map((a) => a.details)).toContainEqual({ fields: ["subscriptionTiers"] });
  });

  it("a subscription waits ON_HOLD; the API's owner decides it in the inbox; the developer sees the comment", async () => {
    const dana = await app("dana", "Dana waits");
    const sub = await p.devportal("POST", "/subscriptions", "dana", {
      applicationId: dana.id,
      apiId,
      tier: "Gold",
    });
    expect(sub.status).toBe(201);
    expect(sub.body).toMatchObject({ state: "ON_HOLD", approval: { status: "PENDING", comment: null } });
    // per tier: Bronze on the other API waits too; Gold there does not
    const other = await app("dana", "Dana open");
    const free = await p.devportal("POST", "/subscriptions", "dana", {
      applicationId: other.id,
      apiId: openApiId,
      tier: "Gold",
    });
    expect(free.body).toMatchObject({ state: "ACTIVE", approval: null });

    const inbox = await p.publisher("GET", "/approvals?status=PENDING", "ann");
    expect(inbox.status).toBe(200);
    const request = inbox.body.find((r: { subscriptionId: string }) => r.subscriptionId === sub.body.id);
    expect(request).toMatchObject({ type: "SUBSCRIPTION_CREATION", status: "PENDING", requester: "dana" });
    expect(request.summary).toContain("Dana waits");
    // the owner heard of it in their inbox
    const annInbox = await p.publisher("GET", "/notifications?unread=true", "ann");
    expect(annInbox.body.map((n: { event: string }) => n.event)).toContain("approval.requested");

    // another publisher sees nothing of it and cannot decide it; the developer cannot either
    expect(JSON.stringify((await p.publisher("GET", "/approvals", "bob")).body)).not.toContain(request.id);
    expect((await p.publisher("GET", `/approvals/${request.id}`, "bob")).status).toBe(404);
    expect(
      (await p.publisher("POST", `/approvals/${request.id}/decision`, "bob", { decision: "approve" })).status,
    ).toBe(404);
    expect(
      (await p.publisher("POST", `/approvals/${request.id}/decision`, "dana", { decision: "approve" }))
        .status,
    ).toBe(403);
    // nor can the owner unblock it around the inbox
    const unblock = await p.publisher("POST", `/subscriptions/${sub.body.id}/state`, "ann", {
      action: "unblock",
    });
    expect(unblock.status).toBe(409);
    expect(
      (await p.publisher("POST", `/approvals/${request.id}/decision`, "ann", { decision: "maybe" })).status,
    ).toBe(400);
    expect(await subState(sub.body.id)).toBe("ON_HOLD");

    const approved = await p.publisher("POST", `/approvals/${request.id}/decision`, "ann", {
      decision: "approve",
      comment: "welcome aboard",
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "APPROVED", decidedBy: "ann", comment: "welcome aboard" });
    expect(await subState(sub.body.id)).toBe("ACTIVE");

    const mine = await p.devportal("GET", "/approvals", "dana");
    expect(mine.body.find((r: { id: string }) => r.id === request.id)).toMatchObject({
      status: "APPROVED",
      comment: "welcome aboard",
    });
    const subs = await p.devportal("GET", `/subscriptions?applicationId=${dana.id}`, "dana");
    expect(subs.body[0]).toMatchObject({
      state: "ACTIVE",
      approval: { status: "APPROVED", comment: "welcome aboard" },
    });
    const note = (await p.devportal("GET", "/notifications", "dana")).body.find(
      (n: { event: string }) => n.event === "approval.decided",
    );
    expect(note.message).toContain("welcome aboard");
    expect(JSON.stringify((await p.devportal("GET", "/approvals", "eve")).body)).not.toContain(request.id);
    const audit = await p.db.auditEvent.findFirst({
      where: { action: "workflow.approve", targetId: request.id },
    });
    expect(audit?.actorName).toBe("ann");

    // decided once: again is 409, whoever asks, and nothing changes
    const again = await p.publisher("POST", `/approvals/${request.id}/decision`, "root", {
      decision: "reject",
    });
    expect(again.status).toBe(409);
    expect(await subState(sub.body.id)).toBe("ACTIVE");
  });

  it("racing approve and reject on one request: exactly one wins, the other is 409", async () => {
    for (let round = 0; round < 3; round++) {
      const a = await app("eve", `Eve race ${round}`);
      const sub = await p.devportal("POST", "/subscriptions", "eve", {
        applicationId: a.id,
        apiId,
        tier: "Gold",
      });
      const request = await p.db.workflowRequest.findFirstOrThrow({ where: { subscriptionId: sub.body.id } });
      const [x, y] = await Promise.all([
        p.publisher("POST", `/approvals/${request.id}/decision`, "ann", { decision: "approve" }),
        p.publisher("POST", `/approvals/${request.id}/decision`, "root", {
          decision: "reject",
          comment: "no",
        }),
      ]);
      expect([x.status, y.status].sort()).toEqual([200, 409]);
      const winner = x.status === 200 ? "APPROVED" : "REJECTED";
      const row = await p.db.workflowRequest.findUniqueOrThrow({ where: { id: request.id } });
      expect(row.status).toBe(winner);
      expect(await subState(sub.body.id)).toBe(winner === "APPROVED" ? "ACTIVE" : "REJECTED");
      expect(await p.db.auditEvent.count({ where: { targetId: request.id } })).toBe(1);
    }
  });

  it("a rejected subscription is REJECTED with the comment, and the developer may remove it", async () => {
    const a = await app("dana", "Dana rejected");
    const sub = await p.devportal("POST", "/subscriptions", "dana", {
      applicationId: a.id,
      apiId,
      tier: "Gold",
    });
    const request = await p.db.workflowRequest.findFirstOrThrow({ where: { subscriptionId: sub.body.id } });
    const r = await p.publisher("POST", `/approvals/${request.id}/decision`, "ann", {
      decision: "reject",
      comment: "partners only",
    });
    expect(r.body).toMatchObject({ status: "REJECTED", comment: "partners only" });
    const subs = await p.devportal("GET", `/subscriptions?applicationId=${a.id}`, "dana");
    expect(subs.body[0]).toMatchObject({ state: "REJECTED", approval: { comment: "partners only" } });
    expect((await p.devportal("DELETE", `/subscriptions/${sub.body.id}`, "dana")).status).toBe(204);
  });

  it("application creation waits for an admin; a pending application cannot subscribe", async () => {
    expect((await p.admin("PUT", "/approval-settings", "root", { applicationCreation: true })).status).toBe(
      200,
    );
    const a = await app("dana", "Dana pending");
    expect(a.status).toBe("PENDING");
    const early = await p.devportal("POST", "/subscriptions", "dana", {
      applicationId: a.id,
      apiId: openApiId,
      tier: "Gold",
    });
    expect(early.status).toBe(409);
    const token = await p.devportal("POST", `/applications/${a.id}/tokens`, "dana", {
      keyType: "PRODUCTION",
      scopes: [],
    });
    expect(token.status).toBe(409);
    expect(token.body.details).toEqual({ status: "PENDING" });
    const request = await p.db.workflowRequest.findFirstOrThrow({ where: { applicationId: a.id } });
    // a publisher, even one owning APIs, does not decide applications
    expect(JSON.stringify((await p.publisher("GET", "/approvals", "ann")).body)).not.toContain(request.id);
    expect(
      (await p.publisher("POST", `/approvals/${request.id}/decision`, "ann", { decision: "approve" })).status,
    ).toBe(404);
    const ok = await p.publisher("POST", `/approvals/${request.id}/decision`, "root", {
      decision: "approve",
    });
    expect(ok.status).toBe(200);
    expect((await p.devportal("GET", `/applications/${a.id}`, "dana")).body.status).toBe("ACTIVE");
    expect(
      (
        await p.devportal("POST", "/subscriptions", "dana", {
          applicationId: a.id,
          apiId: openApiId,
          tier: "Gold",
        })
      ).status,
    ).toBe(201);
    await p.admin("PUT", "/approval-settings", "root", { applicationCreation: false });
  });

  it("an application's tier change waits with the old tier in force; one change at a time", async () => {
    const a = await app("dana", "Dana tiers");
    expect((await p.devportal("PUT", `/applications/${a.id}`, "dana", { tier: "10PerMin" })).body.tier).toBe(
      "10PerMin",
    );
    await p.admin("PUT", "/approval-settings", "root", { applicationTierChange: true });
    const held = await p.devportal("PUT", `/applications/${a.id}`, "dana", {
      tier: "50PerMin",
      description: "now",
    });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ tier: "10PerMin", description: "now" });
    const second = await p.devportal("PUT", `/applications/${a.id}`, "dana", { tier: "Unlimited" });
    expect(second.status).toBe(409);
    const request = await p.db.workflowRequest.findFirstOrThrow({
      where: { applicationId: a.id, type: "APPLICATION_TIER_CHANGE" },
    });
    expect(request.requestedTier).toBe("50PerMin");
    await p.publisher("POST", `/approvals/${request.id}/decision`, "root", { decision: "approve" });
    expect((await p.devportal("GET", `/applications/${a.id}`, "dana")).body.tier).toBe("50PerMin");
    await p.admin("PUT", "/approval-settings", "root", { applicationTierChange: false });
  });

  it("publishing waits for an admin with the API still CREATED", async () => {
    await p.admin("PUT", "/approval-settings", "root", { apiPublishing: true });
    const id = await createApi("bob", "/later");
    const r = await p.publisher("POST", `/apis/${id}/lifecycle`, "bob", { action: "publish" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: "CREATED", approval: { status: "PENDING" } });
    expect((await p.publisher("POST", `/apis/${id}/lifecycle`, "bob", { action: "publish" })).status).toBe(
      409,
    );
    expect((await p.db.api.findUniqueOrThrow({ where: { id } })).state).toBe("CREATED");
    const decided = await p.publisher("POST", `/approvals/${r.body.approval.id}/decision`, "root", {
      decision: "approve",
    });
    expect(decided.status).toBe(200);
    expect((await p.db.api.findUniqueOrThrow({ where: { id } })).state).toBe("PUBLISHED");
    await p.admin("PUT", "/approval-settings", "root", { apiPublishing: false });
  });

  it("notifications: mark one read (another user's is 404), mark all read, the unread count follows", async () => {
    const list = (await p.devportal("GET", "/notifications", "dana")).body as Array<{
      id: string;
      read: boolean;
    }>;
    const unread = list.filter((n) => !n.read);
    expect(unread.length).toBeGreaterThan(0);
    const first = unread[0]?.id ?? "";
    expect((await p.devportal("POST", `/notifications/${first}/read`, "eve")).status).toBe(404);
    expect((await p.publisher("POST", `/notifications/${first}/read`, "ann")).status).toBe(404);
    const after = await p.devportal("POST", `/notifications/${first}/read`, "dana");
    expect(after.body).toEqual({ unread: unread.length - 1 });
    expect((await p.devportal("GET", "/notifications/unread-count", "dana")).body).toEqual({
      unread: unread.length - 1,
    });
    expect((await p.devportal("POST", "/notifications/read-all", "dana")).body).toEqual({ unread: 0 });
    expect((await p.devportal("GET", "/notifications?unread=true", "dana")).body).toEqual([]);
    expect((await p.devportal("GET", "/notifications?limit=0", "dana")).status).toBe(400);
    expect((await p.devportal("GET", "/notifications", null)).status).toBe(401);
  });
});
