// The owners suite's world: what ann and dana own, what a route decision is, the bodies probes
// send, a portal session of one of the five users, and the snapshot that shows nothing changed.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as platform from "../../src/index";
import { GATEWAY, ISSUER } from "../fixtures";
import type { Platform } from "../platform-server";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

/** The objects ann and dana own, by name. */
export interface World {
  apiA: string;
  privA: string;
  docA: string;
  privDocA: string;
  scopeA: string;
  appA: string;
  secretA: string;
  apiKeyA: string;
  /** a client certificate dana registered for appA */
  certA: string;
  /** a valid certificate (PEM) nobody registered, for probes that try to register one */
  sparePem: string;
  tokenA: string;
  subA: string;
  /** revision 1 of apiA, made by publishing it */
  revA: string;
  /** dana's subscription request to ann's API Oven, waiting for ann */
  approvalA: string;
  /** ann's notification of that request */
  noteA: string;
  /** a notification in dana's inbox */
  devNoteA: string;
}

export type Attacker = "bob" | "eve";

/**
 * What a route is, for ownership:
 * - owner: it names an object of ann's or dana's (params); bob and eve get 403/404 and nothing changes;
 * - collection: no object id; `probe` shows a non-owner gets nothing of the owner's through it;
 * - public: the same for everyone allowed (reference data, the developer catalog); `probe` shows
 *   what stays hidden, and nothing changes.
 * Routes of the admin API are the platform's: a route there whose scope is portico:admin is
 * admins-only, checked for bob and eve; any other scope there needs an entry.
 */
export type RouteDecision =
  | { kind: "owner"; params: (w: World) => Record<string, string>; body?: unknown }
  | { kind: "collection" | "public"; why: string; probe: (p: Platform, w: World) => Promise<void> };

export const refused = (status: number) => status === 403 || status === 404;

export const apiBody = (context: string) => ({
  name: `Probe${context.replace(/\W/g, "")}`,
  version: "7.0.0",
  context,
  endpoints: { production: "https://bob.example/steal" },
  resources: [{ method: "GET", path: "/*", scopes: [] }],
  forwardAuthorization: true,
});
export const openApiDocument = {
  openapi: "3.0.3",
  info: { title: "Probe", version: "7.0.0" },
  paths: { "/orders": { get: { responses: { "200": { description: "ok" } } } } },
};

export function session(p: Platform, user: string) {
  const roles =
    { ann: ["publisher"], bob: ["publisher"], dana: ["developer"], eve: ["developer"] }[user] ?? [];
  return platform.buildOperationContext(
    { db: p.db, gatewayUrl: GATEWAY, issuer: ISSUER, keyring: () => p.keyring },
    platform.sessionPrincipal({ id: p.ids[user] ?? "", username: user, roles }),
  );
}

/** Every table of the database except logs and counters, rows sorted: "nothing changed" is equality. */
const schemaDir = path.join(root, "prisma/schema");
export const modelNames = readdirSync(schemaDir)
  .filter((f) => f.endsWith(".prisma"))
  .flatMap((f) => [...readFileSync(path.join(schemaDir, f), "utf8").matchAll(/^model (\w+) \{/gm)])
  .map((m) => m[1] ?? "")
  .filter((m) => !["AuditEvent", "ChangeEvent", "UsageCounter"].includes(m));
export async function snapshot(p: Platform): Promise<Record<string, string[]>> {
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
export function actionsOnDisk(): Map<string, string> {
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
