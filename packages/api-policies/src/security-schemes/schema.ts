// Which credentials the gateway accepts for an API, and whether one or all of them are required.
// OAuth 2.0 access tokens (as bearer tokens, or DPoP-bound only: RFC 9449), API keys (in a header
// the publisher names; in the query string only when allowed) and mutual TLS (RFC 8705).
import { z } from "zod";
import { definePolicy } from "../define-policy";

/** `METHOD /path-template`, how a resource is named in `apiKey.resources` */
const resourceName = z
  .string()
  .regex(/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/\S*$/, "a resource is named 'METHOD /path'")
  .max(512);

export const securitySchemesSchema = z
  .object({
    oauth2: z
      .object({
        enabled: z.boolean().default(true),
        /** "optional": bearer or DPoP-bound tokens; "required": DPoP-bound tokens only (RFC 9449 7) */
        dpop: z.enum(["optional", "required"]).default("optional"),
      })
      .strict()
      .prefault({}),
    apiKey: z
      .object({
        enabled: z.boolean().default(false),
        /** the request header the key travels in */
        header: z
          .string()
          .regex(/^[A-Za-z0-9-]{1,64}$/, "a header name is letters, digits and '-'")
          .default("apikey"),
        /** also accepted as this query parameter; unset by default because URLs end up in logs */
        queryParameter: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/, "a query parameter name is letters, digits, '_' and '-'")
          .optional(),
        /** the resources that accept API keys; empty: all of them */
        resources: z.array(resourceName).max(500).default([]),
      })
      .strict()
      .prefault({}),
    /**
     * RFC 8705: the call must come over a connection with a client certificate the gateway's
     * client CA (PORTICO_GATEWAY_CLIENT_CA) vouches for, besides the credential that names the
     * application
     */
    mutualTls: z
      .object({ enabled: z.boolean().default(false) })
      .strict()
      .prefault({}),
    /** "any": one accepted credential is enough; "all": every enabled scheme must be presented */
    require: z.enum(["any", "all"]).default("any"),
  })
  .strict()
  .refine((s) => s.oauth2.enabled || s.apiKey.enabled, {
    message: "at least one security scheme must be enabled",
  });

export type SecuritySchemes = z.output<typeof securitySchemesSchema>;

/** An API's schemes as stored (null: never set), with every default filled in. */
export function parseSecuritySchemes(stored: unknown): SecuritySchemes {
  return securitySchemesSchema.parse(stored ?? {});
}

export const securitySchemesPolicy = definePolicy({
  name: "security-schemes",
  title: "Security schemes",
  description:
    "Which credentials the gateway accepts (OAuth 2.0 bearer or DPoP-bound tokens, API keys) and whether one or all are required.",
  phase: "setting",
  levels: ["api"],
  schema: securitySchemesSchema,
});
