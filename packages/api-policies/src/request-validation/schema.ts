import { z } from "zod";

export const requestValidationSchema = z
  .object({
    /** validate JSON request bodies against the operation's `requestBody` schema */
    body: z.boolean().default(true),
    /** validate path, query and header parameters against the operation's `parameters` */
    parameters: z.boolean().default(true),
  })
  .strict();
export type RequestValidationConfig = z.output<typeof requestValidationSchema>;
