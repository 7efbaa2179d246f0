import {
  attachmentsSchema,
  backendJwtSchema,
  corsSchema,
  endpointsSchema,
  endpointUrl,
  forwardAuthorizationSchema,
  HTTP_METHODS,
  offeredTiersSchema,
  tierName,
} from "@portico/api-policies";
import { z } from "zod";
import { partialUpdateInput } from "../update-input";

// The API settings that are gateway policies (endpoints, CORS, backend JWT, forwarding the
// Authorization header, tiers) take their schemas from @portico/api-policies, which the gateway
// parses its snapshot with and the publisher's form reads its defaults from.
export { endpointUrl, HTTP_METHODS };

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

export const apiEndpoints = endpointsSchema;

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
  throttlingTier: tierName.optional(),
});

export const corsInput = corsSchema;
export const backendJwtInput = backendJwtSchema;

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
  forwardAuthorization: forwardAuthorizationSchema,
  /** whether X-HTTP-Method-Override and its kin reach the backend (never, by default) */
  allowMethodOverride: z.boolean().default(false),
  tiers: offeredTiersSchema.optional(),
  keyManagers: keyManagerNames.optional(),
  /** gateway policies attached to the API or its resources, in the order they run */
  gatewayPolicies: attachmentsSchema.default([]),
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
  tiers: offeredTiersSchema,
  keyManagers: keyManagerNames,
  gatewayPolicies: apiFields.gatewayPolicies,
  scopes: apiFields.scopes,
  resources: apiFields.resources,
});
export type UpdateApiInput = z.infer<typeof updateApiInput>;
