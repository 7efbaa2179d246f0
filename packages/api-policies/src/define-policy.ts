import type { z } from "zod";
import type { RequestStep } from "./request-step";
import type { ResponseStep } from "./response-step";

/** Where a policy may be attached: to a whole API, or to one of its resources. */
export type AttachmentLevel = "api" | "resource";

/**
 * Where a policy's step runs. `request` steps run in the order they are attached, after the
 * caller is authenticated and authorized and before the call is proxied. `setting` policies are
 * an API's built-in settings (CORS, backend JWT, …): stored in the API's own fields and applied by
 * the gateway at their fixed place in the pipeline, so they cannot be attached. `response` policies
 * act around the backend exchange (`compileResponse`): just before the call is proxied, after
 * throttling, and on the backend's answer before the caller gets it.
 */
export type PolicyPhase = "request" | "response" | "setting";

/** What a policy may compile against, besides its configuration: where it is attached. */
export interface CompileContext {
  /** stable for the attachment while it is stored (`<api id>:<position>`): for counter keys */
  readonly id: string;
  /** the API's OpenAPI document (parsed), when it has one */
  readonly openApi: unknown;
  /** the resource the step runs for (an API-level attachment is compiled once per resource) */
  readonly resource: { readonly method: string; readonly path: string };
}

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
  readonly phase: PolicyPhase;
  readonly schema: Schema;
  /**
   * Turns a configuration (already parsed by `schema`) into the gateway's step. Called once per
   * configuration snapshot, never per call: whatever can be worked out ahead (regular
   * expressions, templates) is worked out here.
   */
  readonly compile?: (config: z.output<Schema>, context: CompileContext) => RequestStep;
  /**
   * The policy's response-phase step, compiled as `compile` is; undefined when the configuration
   * asks for none (a route without response steps keeps streaming the backend's answer).
   */
  readonly compileResponse?: (config: z.output<Schema>, context: CompileContext) => ResponseStep | undefined;
  /** the step needs the whole request body (`PolicyRequest.body`): the gateway reads it first */
  readonly readsBody?: boolean;
}

/** Declares a policy; the identity function, there for the types. */
export function definePolicy<Schema extends z.ZodType>(
  definition: PolicyDefinition<Schema>,
): PolicyDefinition<Schema> {
  return definition;
}
