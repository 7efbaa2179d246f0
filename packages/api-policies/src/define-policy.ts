import type { z } from "zod";

/** Where a policy may be attached: to a whole API, or to one of its resources. */
export type AttachmentLevel = "api" | "resource";

/**
 * A gateway policy. Its one zod schema holds the configuration's defaults and bounds, and is what
 * the platform validates with, what the gateway parses its snapshot with, and what the
 * publisher's form is built from.
 */
export interface PolicyDefinition<Schema extends z.ZodType = z.ZodType> {
  /** stable kebab-case name, stored with every attachment */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly levels: readonly AttachmentLevel[];
  readonly schema: Schema;
}

/** Declares a policy; the identity function, there for the types. */
export function definePolicy<Schema extends z.ZodType>(
  definition: PolicyDefinition<Schema>,
): PolicyDefinition<Schema> {
  return definition;
}
