import { z } from "zod";

// zod runs every refinement even after `.url()` failed: each one must accept a non-URL.
export const endpointUrl = z
  .url({ message: "must be an http(s) URL", abort: true })
  .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL")
  .refine(
    (u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password),
    "credentials do not belong in the URL",
  );

export const MAX_FAILOVERS = 5;

/** Endpoints the gateway tries, in order, when the one before cannot be reached. */
export const failoverList = z
  .array(endpointUrl)
  .max(MAX_FAILOVERS, `at most ${MAX_FAILOVERS} failover endpoints`)
  .refine((list) => new Set(list).size === list.length, "each failover endpoint once");

export const endpointsSchema = z
  .object({
    production: endpointUrl.optional(),
    sandbox: endpointUrl.optional(),
    productionFailovers: failoverList.optional(),
    sandboxFailovers: failoverList.optional(),
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
export type EndpointsConfig = z.output<typeof endpointsSchema>;
