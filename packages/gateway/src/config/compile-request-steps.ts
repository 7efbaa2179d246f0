import { compileAttachment, PolicyRejection, type RequestStep } from "@portico/api-policies";
import { parseJsonValue } from "./read-api-settings";

/** A step attached to the API (no resource) or to one resource, by method and path template. */
interface CompiledAttachment {
  resource?: { method: string; path: string };
  step: RequestStep;
}

/**
 * Compiles an API's attached policies once per snapshot. Each resource gets the steps that apply
 * to it, in the order the publisher chose; a resource with none gets undefined, so the hot path
 * tests one field and pays nothing more. An attachment that no longer validates (a policy that
 * was removed, a row edited by hand) makes the API refuse calls: a policy the publisher asked
 * for is never skipped silently.
 */
export function compileRequestSteps(
  stored: unknown,
): (method: string, path: string) => readonly RequestStep[] | undefined {
  const list = parseJsonValue(stored);
  if (!Array.isArray(list) || list.length === 0) return () => undefined;
  const compiled: CompiledAttachment[] = [];
  for (const item of list) {
    const result = compileAttachment(item);
    if (!result) return () => UNAVAILABLE;
    compiled.push({
      ...(result.attachment.resource ? { resource: result.attachment.resource } : {}),
      step: result.step,
    });
  }
  return (method, path) => {
    const steps = compiled
      .filter((c) => !c.resource || (c.resource.method === method && c.resource.path === path))
      .map((c) => c.step);
    return steps.length > 0 ? steps : undefined;
  };
}

const UNAVAILABLE: readonly RequestStep[] = [
  () => {
    throw new PolicyRejection(503, "policy_unavailable", "a policy attached to this API cannot be applied");
  },
];
