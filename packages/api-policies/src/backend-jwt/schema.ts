import { z } from "zod";

/** Claims the gateway's backend JWT always carries, so a mapped claim cannot take their names. */
export const RESERVED_BACKEND_CLAIMS: readonly string[] = [
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

export const BACKEND_JWT_DEFAULT_HEADER = "X-JWT-Assertion";
export const BACKEND_JWT_DEFAULT_EXPIRY_SECONDS = 900;
/** Shorter-lived assertions would be re-signed on nearly every call (they are renewed at 80%). */
export const BACKEND_JWT_MIN_EXPIRY_SECONDS = 30;

export const backendJwtSchema = z.object({
  enabled: z.boolean(),
  header: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,100}$/, "a header name: letters, digits and -, at most 100")
    .default(BACKEND_JWT_DEFAULT_HEADER),
  expirySeconds: z
    .number()
    .int()
    .min(BACKEND_JWT_MIN_EXPIRY_SECONDS)
    .max(86400)
    .default(BACKEND_JWT_DEFAULT_EXPIRY_SECONDS),
  /**
   * Extra claims for the backend: claim name -> the caller's access-token claim it is copied from.
   * Names the gateway sets itself are refused, since the gateway would silently drop them.
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
export type BackendJwtConfig = z.output<typeof backendJwtSchema>;
