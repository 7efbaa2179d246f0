// The update-semantics suite's shared parts: the three REST APIs' update routes, what a fixture
// is, and the helpers fixtures create their objects with.
import type { Db } from "@portico/db";
import { expect } from "vitest";
import { adminRoutes, devportalRoutes, publisherRoutes } from "../../src/rest/index";

export const APIS = {
  publisher: { base: "/api/publisher/v1", routes: publisherRoutes },
  admin: { base: "/api/admin/v1", routes: adminRoutes },
  devportal: { base: "/api/devportal/v1", routes: devportalRoutes },
} as const;
export type ApiName = keyof typeof APIS;

export const UPDATE_ROUTES = (Object.keys(APIS) as ApiName[]).flatMap((api) =>
  APIS[api].routes
    .filter((route) => route.method === "PUT" || route.method === "PATCH")
    .map((route) => ({ api, route, key: `${route.method} ${APIS[api].base}${route.path}` })),
);

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers field by field
export type Json = any;
export type View = Record<string, unknown>;

export interface Harness {
  db: Db;
  call(api: ApiName, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  /** a value no other object of this run has */
  unique(): string;
  certificates: [string, string];
}

export interface Subject {
  params: Record<string, string>;
  read(): Promise<View>;
  /** what the fixture's changes need to know about this object */
  data?: Record<string, string>;
}

export interface Fixture {
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

export const ok = (res: { status: number; body: Json }, status = 200) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};

export function policyXml(id: string, rule = "permit-all") {
  return `<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="${id}" Version="1.0"
  RuleCombiningAlgId="urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable">
  <Target/>
  <Rule RuleId="${rule}" Effect="Permit"/>
</Policy>`;
}

export async function simpleApi(h: Harness): Promise<string> {
  const n = h.unique();
  return ok(
    await h.call("publisher", "POST", "/apis", { name: `S${n}`, version: "1", context: `/s${n}` }),
    201,
  ).id;
}

export async function listed(
  h: Harness,
  api: ApiName,
  path: string,
  match: (row: Json) => boolean,
): Promise<View> {
  const row = (ok(await h.call(api, "GET", path)) as Json[]).find(match);
  if (!row) throw new Error(`not listed at ${path}`);
  return row;
}
