import type { Attachment } from "@portico/api-policies";
import { AppError, type FieldError } from "../errors";

/**
 * A policy attached to a resource must name one the API has (by method and path template), so
 * that the gateway never holds a rule that applies nowhere. Checked against the API as it will
 * be after the change (new resources, or the stored ones).
 */
export function checkPolicyResources(
  attachments: readonly Attachment[],
  resources: ReadonlyArray<{ method: string; path: string }>,
): void {
  const known = new Set(resources.map((r) => `${r.method.toUpperCase()} ${r.path}`));
  const fields: FieldError[] = [];
  attachments.forEach((a, index) => {
    if (a.resource && !known.has(`${a.resource.method} ${a.resource.path}`))
      fields.push({
        field: `gatewayPolicies.${index}.resource`,
        message: `the API has no resource ${a.resource.method} ${a.resource.path}`,
      });
  });
  if (fields.length > 0)
    throw new AppError("VALIDATION_FAILED", "a policy is attached to a resource the API does not have", {
      fields,
    });
}
