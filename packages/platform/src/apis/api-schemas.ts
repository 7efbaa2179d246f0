import { z } from "zod";
import { partialUpdateInput } from "../update-input";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const RESERVED_CONTEXTS = ["/.well-known", "/_portico"];

export const apiName = z
  .string()
  .trim()
  .min(1, "a name is required")
  .max(100, "at most 100 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "letters, digits, spaces, dots, dashes and underscores");

export const apiVersion = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$/,
    "1-30 letters, digits, dots, dashes or underscores, e.g. 1.0.0",
  );

export const apiContext = z
  .string()
  .trim()
  .max(100, "at most 100 characters")
  .regex(
    /^(\/[A-Za-z0-9][A-Za-z0-9_-]*)+$/,
    "a path like /pizza: segments of letters, digits, - and _, no trailing slash",
  )
  .refine(
    (c) => !RESERVED_CONTEXTS.some((r) => c === r || c.startsWith(`${r}/`)),
    "this path is reserved by the gateway",
  );

// zod runs every refinement even after `.url()` failed: each one must accept a non-URL.
export const endpointUrl = z
  .url({ message: "must be an http(s) URL", abort: true })
  .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL")
  .refine(
    (u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password),
    "credentials do not belong in the URL",
  );

/** Endpoints the gateway tries, in order, when the one before cannot be reached. */
const failoverList = z
  .array(endpointUrl)
  .max(5, "at most 5 failover endpoints")
  .refine((list) => new Set(list).size === list.length, "each failover endpoint once")
  .optional();

export const apiEndpoints = z
  .object({
    production: endpointUrl.optional(),
    sandbox: endpointUrl.optional(),
    productionFailovers: failoverList,
    sandboxFailovers: failoverList,
    /** spread calls round robin over each endpoint and its failovers, rather than the first one first */
    loadBalance: z.boolean().optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    for (const kind of ["production", "sandbox"] as const) {
      const failovers = e[`${kind}Failovers`] ?? [];
      if (failovers.length > 0 && !e[kind])
        ctx.addIssue({
          code: "custom",
          path: [`${kind}Failovers`],
          message: `failover endpoints need a ${kind} endpoint to stand in for`,
        });
      if (e[kind] && failovers.includes(e[kind]))
        ctx.addIssue({
          code: "custom",
          path: [`${kind}Failovers`],
          message: `the ${kind} endpoint cannot be its own failover`,
        });
    }
  })
  .default({});

/** The Api row's columns for the endpoints as given (every one set, so an update replaces them all). */
export function endpointColumns(endpoints: z.infer<typeof apiEndpoints>) {
  return {
    productionEndpoint: endpoints.production ?? null,
    sandboxEndpoint: endpoints.sandbox ?? null,
    productionFailovers: endpoints.productionFailovers ?? [],
    sandboxFailovers: endpoints.sandboxFailovers ?? [],
    loadBalance: endpoints.loadBalance ?? false,
  };
}

export const scopeName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9:_.-]*$/, "letters, digits and : _ . -")
  .refine((s) => !s.startsWith("portico:") && s !== "openid", "this scope name is reserved by the platform");

export const scopeInput = z.object({
  name: scopeName,
  displayName: z.string().max(100).optional(),
  description: z.string().max(500).optional(),
  roles: z.array(z.string().min(1)).max(50).default([]),
});

// No `;`: the gateway refuses matrix parameters in request paths, so such a template never matches.
export const pathTemplate = z
  .string()
  .trim()
  .max(300)
  .regex(/^\/([A-Za-z0-9._~!$&'()*+,=:@-]|\{[A-Za-z_][A-Za-z0-9_]*\}|\/)*$/, "a path like /orders/{orderId}")
  .refine((p) => !p.split("/").some((seg) => seg === ".." || seg === "."), "dot segments are not allowed")
  .refine((p) => p === "/" || !p.endsWith("/"), "no trailing slash");

export const resourceInput = z.object({
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(HTTP_METHODS)),
  path: pathTemplate,
  scopes: z.array(z.string()).max(20).default([]),
  authRequired: z.boolean().default(true),
  description: z.string().max(500).optional(),
  throttlingTier: z.string().optional(),
});

export const corsInput = z.object({
  enabled: z.boolean(),
  allowOrigins: z.array(z.string().max(200)).max(50).default(["*"]),
  allowMethods: z.array(z.enum(HTTP_METHODS)).default(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
  allowHeaders: z.array(z.string().max(100)).default(["authorization", "content-type"]),
  allowCredentials: z.boolean().default(false),
  maxAge: z.number().int().min(0).max(86400).default(600),
});

export const backendJwtInput = z.object({
  enabled: z.boolean(),
  header: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,100}$/)
    .default("X-JWT-Assertion"),
  expirySeconds: z.number().int().min(30).max(86400).default(900),
  /**
   * Extra claims for the backend: claim name -> the caller's access-token claim it is copied from
   * (the gateway's create-backend-jwt reads it so). Names the gateway sets itself are refused here,
   * since the gateway would silently drop them.
   */
  claims: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/, "a claim name: letters, digits, _ . : -")
        .refine((n) => !RESERVED_BACKEND_CLAIMS.includes(n), "the gateway sets this claim itself"),
      z.string().trim().min(1, "name the token claim to copy").max(100),
    )
    .refine((c) => Object.keys(c).length <= 20, "at most 20 claims")
    .default({}),
});

/** Claims the gateway's backend JWT always carries (packages/gateway/src/backend-jwt). */
const RESERVED_BACKEND_CLAIMS = [
  "iss",
  "sub",
  "aud",
  "exp",
  "iat",
  "nbf",
  "jti",
  "client_id",
  "key_type",
  "scope",
  "enduser",
  "roles",
  "api_name",
  "api_context",
  "api_version",
];

/** Key manager names whose tokens the API accepts; empty = only the resident key manager. */
export const keyManagerNames = z.array(z.string().trim().min(1).max(100)).max(20);

const apiFields = {
  name: apiName,
  version: apiVersion,
  context: apiContext,
  description: z.string().max(5000).optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  endpoints: apiEndpoints,
  transports: z
    .array(z.enum(["https", "http"]))
    .min(1, "at least one transport")
    .default(["https"]),
  visibility: z.enum(["PUBLIC", "RESTRICTED", "PRIVATE"]).default("PUBLIC"),
  visibleRoles: z.array(z.string()).default([]),
  isDefaultVersion: z.boolean().default(false),
  cors: corsInput.optional(),
  backendJwt: backendJwtInput.partial({ header: true, expirySeconds: true, claims: true }).optional(),
  /** whether the caller's Authorization header reaches the backend (never, by default) */
  forwardAuthorization: z.boolean().default(false),
  /** whether X-HTTP-Method-Override and its kin reach the backend (never, by default) */
  allowMethodOverride: z.boolean().default(false),
  tiers: z.array(z.string()).optional(),
  keyManagers: keyManagerNames.optional(),
  scopes: z.array(scopeInput).max(100).default([]),
  resources: z.array(resourceInput).max(500).default([]),
};

export const createApiInput = z.object(apiFields).strict();
export type CreateApiInput = z.infer<typeof createApiInput>;

/**
 * `PUT /apis/{id}`: a partial update. Each field sent replaces that field as a whole (an object
 * like `endpoints` or `cors`, or a list like `resources`); each field omitted stays as it is.
 * Context and version are not fields of an API's definition (a new version is a new API).
 */
export const updateApiInput = partialUpdateInput({
  name: apiFields.name,
  /** null clears it */
  description: z.string().max(5000).nullable(),
  tags: apiFields.tags,
  endpoints: apiFields.endpoints,
  transports: apiFields.transports,
  visibility: apiFields.visibility,
  visibleRoles: apiFields.visibleRoles,
  isDefaultVersion: apiFields.isDefaultVersion,
  cors: corsInput,
  backendJwt: apiFields.backendJwt.unwrap(),
  forwardAuthorization: apiFields.forwardAuthorization,
  allowMethodOverride: apiFields.allowMethodOverride,
  tiers: z.array(z.string()),
  keyManagers: keyManagerNames,
  scopes: apiFields.scopes,
  resources: apiFields.resources,
});
export type UpdateApiInput = z.infer<typeof updateApiInput>;
