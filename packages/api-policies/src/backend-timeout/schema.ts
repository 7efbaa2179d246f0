import { z } from "zod";

export const backendTimeoutSchema = z
  .object({
    /**
     * the time the backend has to send its response headers, and then between body chunks; at
     * least 1 s, since the proxy's timers (undici's) tick about once a second
     */
    responseTimeoutMs: z.number().int().min(1_000).max(300_000).default(10_000),
    /**
     * the time connecting to the backend may take (TCP, and TLS for HTTPS backends); the gateway's
     * 5 s when absent. Calls with their own connect timeout use a connection pool of their own.
     */
    connectTimeoutMs: z.number().int().min(250).max(60_000).optional(),
  })
  .strict();
export type BackendTimeoutConfig = z.output<typeof backendTimeoutSchema>;
