// The owners suite: two publishers (ann, bob), two developers (dana, eve) and an admin. Ann owns
// an API, its document, a shared scope; dana owns an application with keys, a token and a
// subscription to ann's API. Bob and eve then try every REST route of the publisher, admin and
// developer portal APIs and every server action of both portals on those objects. Each route
// and each action needs a declared ownership decision below: a new one without it fails here.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as platform from "../src/index";
import { type Provider, selfSignedCertificate } from "./fixtures";
import { actionDecisions, operationProbes } from "./owners/action-decisions";
import { revisionRouteDecisions } from "./owners/revision-decisions";
import { routeDecisions as baseRouteDecisions } from "./owners/route-decisions";
import { actionsOnDisk, refused, session, snapshot, type World } from "./owners/world";
import { type Platform, restApis, startPlatform } from "./platform-server";

const routeDecisions = {
  ...baseRouteDecisions,
  publisher: { ...baseRouteDecisions.publisher, ...revisionRouteDecisions },
};

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
    const apiKeyA = await created(
      p.devportal("POST", `/applications/${appA}/api-keys`, "dana", { name: "Dana key" }),
    );
    const certDir = mkdtempSync(path.join(tmpdir(), "portico-owners-"));
    const certA = await created(
      p.devportal("POST", `/applications/${appA}/certificates`, "dana", {
        pem: selfSignedCertificate(certDir, "dana-app"),
      }),
    );
    const sparePem = selfSignedCertificate(certDir, "spare");
    rmSync(certDir, { recursive: true, force: true });
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
    // ann's API Oven needs approval: dana's subscription to it waits in ann's inbox
    const oven = await created(
      p.publisher("POST", "/apis", "ann", {
        name: "Oven",
        version: "1.0.0",
        context: "/oven",
        endpoints: { production: "https://ann.example/oven" },
        resources: [{ method: "GET", path: "/heat" }],
      }),
    );
    expect((await p.publisher("POST", `/apis/${oven}/lifecycle`, "ann", { action: "publish" })).status).toBe(
      200,
    );
    expect((await p.admin("PUT", "/approval-settings", "root", { subscriptionApis: [oven] })).status).toBe(
      200,
    );
    const held = await p.devportal("POST", "/subscriptions", "dana", {
      applicationId: appA,
      apiId: oven,
      tier: "Gold",
    });
    expect(held.body.state).toBe("ON_HOLD");
    const approval = await p.db.workflowRequest.findFirstOrThrow({ where: { subscriptionId: held.body.id } });
    const note = await p.db.notification.findFirstOrThrow({ where: { userId: p.ids.ann } });
    const devNote = await p.db.notification.create({
      data: { userId: p.ids.dana ?? "", event: "api.deprecated", message: "Pizza 0.9 is deprecated" },
    });
    w = {
      approvalA: approval.id,
      noteA: note.id,
      devNoteA: devNote.id,
      apiA,
      privA,
      docA,
      privDocA,
      scopeA: "pizza:shared",
      appA,
      secretA: secret.id,
      apiKeyA,
      certA,
      sparePem,
      tokenA: token.id,
      subA,
      revA: (await p.db.apiRevision.findFirstOrThrow({ where: { apiId: apiA } })).id,
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
    // two whole-database snapshots per operation: this grows with every server action, and on
    // PostgreSQL on a loaded machine it outgrew the default 30 s
  }, 120_000);

  it("the owners themselves still can: the refusals above are about ownership", async () => {
    expect((await p.publisher("GET", `/apis/${w.apiA}/subscriptions`, "ann")).body).toHaveLength(1);
    expect((await p.publisher("PUT", `/scopes/${w.scopeA}`, "ann", { public: true })).status).toBe(200);
    expect((await p.devportal("GET", `/applications/${w.appA}/tokens`, "dana")).body).toHaveLength(1);
    expect(
      (await p.publisher("POST", `/subscriptions/${w.subA}/state`, "ann", { action: "block" })).status,
    ).toBe(200);
  });
});
