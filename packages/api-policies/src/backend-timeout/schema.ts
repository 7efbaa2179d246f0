import { z } from "zod";

export const backendTimeoutSchema = z
  .object({
    /**
     * the time the backend has to send its response headers, and then between body chunks; at
     * least 1 s, since the proxy's timers (undici's) tick about once a second
     */
    responseTimeoutMs: z.number().int().min(1_000).max(300_000).default(10_000),
  })
  .strict();
export type BackendTimeoutConfig = z.output<typeof backendTimeoutSchema>;
