import type { Attachment, CompileContext, PolicyDefinition, ResponseStep } from "@portico/api-policies";

/** A resource's response-phase steps, compiled once per snapshot. */
export interface ResponsePipeline {
  steps: readonly ResponseStep[];
  /** the largest answer a step wants to read whole; 0 when none reads the body (the answer streams) */
  bodyLimit: number;
}

/**
 * The response-phase steps of the attachments that apply to a resource, in their order; undefined
 * when none has one, so the route keeps streaming the backend's answer untouched. Throws when a
 * step does not compile (the caller fails the API closed).
 */
export function compileResponseSteps(
  applying: ReadonlyArray<{
    config: Attachment["config"];
    definition: PolicyDefinition;
    context: CompileContext;
  }>,
): ResponsePipeline | undefined {
  const steps: ResponseStep[] = [];
  for (const { config, definition, context } of applying) {
    const step = definition.compileResponse?.(config, context);
    if (step) steps.push(step);
  }
  if (steps.length === 0) return undefined;
  return { steps, bodyLimit: Math.max(0, ...steps.map((s) => s.bodyLimit ?? 0)) };
}
