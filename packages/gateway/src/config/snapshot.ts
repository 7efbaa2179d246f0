import type { RequestStep, SecuritySchemes } from "@portico/api-policies";
import type { Pdp } from "@portico/policy";
import type { CompiledTemplate } from "@portico/policy/path-template";
import type { JWK } from "jose";
import type { DenyRule } from "../policies/check-deny-policies";
import type { ResponsePipeline } from "./compile-response-steps";

// The gateway's in-memory view of the configuration: everything the hot path needs, rebuilt
// from the database as a whole on every change event and swapped in atomically.

export type ApiState = "CREATED" | "PUBLISHED" | "DEPRECATED" | "RETIRED" | "BLOCKED";
export type KeyType = "PRODUCTION" | "SANDBOX";

export interface Tier {
  id: string;
  name: string;
  /** null when unlimited */
  requestCount: number | null;
  unitSeconds: number;
  /** at most this many requests in any one second, when set (spike arrest) */
  burst?: number;
  unlimited: boolean;
}

export interface AttachedPolicy {
  policyName: string;
  pdp: Pdp;
  onNotApplicable: "deny" | "permit";
}

export interface RouteResource {
  id: string;
  /** `res:<id>`: its throttling counters' name, built once per snapshot */
  throttleKey: string;
  method: string;
  template: CompiledTemplate;
  authRequired: boolean;
  scopes: string[];
  tier?: Tier;
  policies: AttachedPolicy[];
  /** the API's and this resource's attached policies, in their chosen order; undefined when none */
  requestSteps: RequestPipeline | undefined;
}

/** A resource's attached policies, compiled. */
export interface RequestPipeline {
  steps: readonly RequestStep[];
  /** whether a step needs the request body, which is then read before the steps run */
  readsBody: boolean;
  /** the response-phase steps, around the backend exchange; undefined when none (the answer streams) */
  response: ResponsePipeline | undefined;
}

export interface CorsConfig {
  enabled: boolean;
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge: number;
}

export interface BackendJwtConfig {
  enabled: boolean;
  header: string;
  expirySeconds: number;
  /** backend claim name -> the caller token's claim it is copied from */
  claims: Record<string, string>;
}

/** A backend endpoint, parsed once per snapshot. */
export interface Endpoint {
  /** `http://host:port` */
  origin: string;
  /** the URL's path without a trailing slash: the call's path is appended to it */
  basePath: string;
  /** origin + basePath: how suspension and logs name the endpoint */
  key: string;
}

export interface RouteApi {
  id: string;
  name: string;
  version: string;
  context: string;
  /** `<context>/<version>`: how metrics name the API */
  label: string;
  /** `api:<id>`: its throttling counters' name */
  throttleKey: string;
  state: ApiState;
  isDefaultVersion: boolean;
  transports: Set<string>;
  /** the production endpoint, then its failovers in the order they are tried; empty when none */
  productionEndpoints: Endpoint[];
  sandboxEndpoints: Endpoint[];
  /** spread calls round robin over an endpoint and its failovers instead of the first one first */
  loadBalance: boolean;
  cors: CorsConfig;
  backendJwt: BackendJwtConfig;
  /** whether the caller's Authorization header reaches the backend */
  forwardAuthorization: boolean;
  /** whether X-HTTP-Method-Override and its kin reach the backend */
  allowMethodOverride: boolean;
  tier?: Tier;
  resources: RouteResource[];
  policies: AttachedPolicy[];
  /** external key managers whose tokens this API accepts (the resident one always) */
  keyManagerIds: Set<string>;
  /** which credentials the API accepts (security-schemes policy) */
  security: SecuritySchemes;
}

export interface SubscriptionEntry {
  id: string;
  /** `sub:<id>` */
  throttleKey: string;
  state: "ACTIVE" | "BLOCKED" | "PROD_ONLY_BLOCKED" | "ON_HOLD" | "REJECTED";
  tier?: Tier;
}

export interface ApplicationEntry {
  id: string;
  /** `app:<id>` */
  throttleKey: string;
  name: string;
  status: string;
  owner: string;
  tier?: Tier;
  /** RFC 8705: thumbprints (x5t#S256) of the client certificates registered for the application */
  certificates: ReadonlySet<string>;
}

export interface ExternalKeyManager {
  id: string;
  name: string;
  issuer: string;
  jwksUri?: string;
  introspectionEndpoint?: string;
  clientId?: string;
  clientSecret?: string;
  claimMappings: Record<string, string>;
  /** "INTROSPECTION": every token is introspected (revocation seen within the cache bound), JWTs too */
  tokenValidation?: "JWKS" | "INTROSPECTION";
}

export interface Snapshot {
  /** `${context}/${version}` and, for default versions, `${context}` -> API */
  routes: Map<string, RouteApi>;
  apis: Map<string, RouteApi>;
  /** API id -> application id -> subscription */
  subscriptions: Map<string, Map<string, SubscriptionEntry>>;
  applications: Map<string, ApplicationEntry>;
  /** the resident key manager's access-token verification keys */
  accessTokenKeys: JWK[];
  externalKeyManagers: Map<string, ExternalKeyManager>;
  /** ids of the resident key manager rows: an API listing key managers accepts resident tokens only if it lists one of these */
  residentKeyManagerIds: Set<string>;
  /** admins' block rules (an expired one is skipped by the check) */
  denyPolicies: DenyRule[];
  loadedAt: number;
}

/** Finds the API whose context (+ version) is the longest prefix of the path. */
export function matchApi(snapshot: Snapshot, path: string): { api: RouteApi; rest: string } | undefined {
  let best: { api: RouteApi; rest: string } | undefined;
  let index = path.indexOf("/", 1);
  // Walk every segment boundary; the longest registered prefix wins.
  for (;;) {
    const prefix = index === -1 ? path : path.slice(0, index);
    const api = snapshot.routes.get(prefix);
    if (api) best = { api, rest: index === -1 ? "" : path.slice(index) };
    if (index === -1) break;
    index = path.indexOf("/", index + 1);
  }
  return best;
}

/** The resources of an API matching the path, best first; method filtering is the caller's. */
export function matchResources(api: RouteApi, rest: string): RouteResource[] {
  const path = rest === "" ? "/" : rest;
  return api.resources.filter((r) => r.template.regex.test(path));
}
