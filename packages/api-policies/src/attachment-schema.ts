import { z } from "zod";
import type { PolicyDefinition } from "./define-policy";
import { HTTP_METHODS } from "./http-methods";
import { findPolicy } from "./registry";

/** A configuration as stored: what JSON can hold. */
export type StoredConfig = { [key: string]: StoredValue };
type StoredValue = string | number | boolean | null | StoredValue[] | StoredConfig;

/** At most this many policies on one API, its resources' included. */
export const MAX_ATTACHMENTS = 50;

const attachmentInput = z
  .object({
    /** a policy's name from the registry */
    policy: z.string().min(1).max(100),
    /** absent: the whole API; otherwise one of its resources, by method and path template */
    resource: z
      .object({
        method: z
          .string()
          .transform((m) => m.toUpperCase())
          .pipe(z.enum(HTTP_METHODS)),
        path: z.string().min(1).max(300),
      })
      .strict()
      .optional(),
    config: z.unknown().optional(),
  })
  .strict();

/**
 * One attached policy, validated with its own schema: the `config` that comes out carries the
 * policy's defaults. Errors point into the attachment (`config.headers.0.name`).
 */
export const attachmentSchema = attachmentInput.transform((a, ctx) => {
  const definition = findPolicy(a.policy);
  if (!definition || definition.phase === "setting" || !(definition.compile || definition.compileResponse)) {
    ctx.addIssue({
      code: "custom",
      path: ["policy"],
      message: definition
        ? `${a.policy} is an API setting, not an attachable policy`
        : `no policy named ${a.policy}`,
    });
    return z.NEVER;
  }
  if (!definition.levels.includes(a.resource ? "resource" : "api")) {
    ctx.addIssue({
      code: "custom",
      path: a.resource ? ["resource"] : ["policy"],
      message: `${a.policy} attaches to ${definition.levels.join(" or ")} only`,
    });
    return z.NEVER;
  }
  const config = definition.schema.safeParse(a.config ?? {});
  if (!config.success) {
    for (const issue of config.error.issues)
      ctx.addIssue({ code: "custom", path: ["config", ...issue.path], message: issue.message });
    return z.NEVER;
  }
  return {
    policy: a.policy,
    ...(a.resource ? { resource: a.resource } : {}),
    config: config.data as StoredConfig,
  };
});
export type Attachment = z.output<typeof attachmentSchema>;

/** An API's attached policies, in the order they run. */
export const attachmentsSchema = z
  .array(attachmentSchema)
  .max(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} policies`);

/** A stored attachment with its policy, or undefined when it no longer validates. */
export function readAttachment(
  stored: unknown,
): { attachment: Attachment; definition: PolicyDefinition } | undefined {
  const parsed = attachmentSchema.safeParse(stored);
  if (!parsed.success) return undefined;
  const definition = findPolicy(parsed.data.policy);
  return definition?.compile || definition?.compileResponse
    ? { attachment: parsed.data, definition }
    : undefined;
}
