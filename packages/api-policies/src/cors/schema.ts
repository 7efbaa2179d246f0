import { z } from "zod";
import { HTTP_METHODS } from "../http-methods";

/** The methods a preflight is told when the API names none (also the form's default). */
export const CORS_DEFAULT_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
/** The request headers a preflight is told when the API names none. */
export const CORS_DEFAULT_HEADERS = ["authorization", "content-type"];

export const corsSchema = z.object({
  enabled: z.boolean(),
  allowOrigins: z.array(z.string().max(200)).max(50).default(["*"]),
  allowMethods: z.array(z.enum(HTTP_METHODS)).default([...CORS_DEFAULT_METHODS]),
  allowHeaders: z.array(z.string().max(100)).max(50).default(CORS_DEFAULT_HEADERS),
  /** response headers a browser script may read */
  exposeHeaders: z.array(z.string().max(100)).max(50).default([]),
  allowCredentials: z.boolean().default(false),
  maxAge: z.number().int().min(0).max(86400).default(600),
});
export type CorsConfig = z.output<typeof corsSchema>;
