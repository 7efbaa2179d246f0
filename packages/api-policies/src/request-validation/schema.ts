import { z } from "zod";

export const requestValidationSchema = z
  .object({
    /** validate JSON request bodies against the operation's `requestBody` schema */
    body: z.boolean().default(true),
    /** validate path, query and header parameters against the operation's `parameters` */
    parameters: z.boolean().default(true),
    /**
     * `log`: check the backend's JSON answers against the operation's response schema for their
     * status and log a mismatch (once per API, resource and failing pointer a minute), never
     * changing the answer; off when absent
     */
    responses: z.enum(["off", "log"]).optional(),
  })
  .strict();
export type RequestValidationConfig = z.output<typeof requestValidationSchema>;
