import type { PolicyDefinition } from "./define-policy";
import { securitySchemesPolicy } from "./security-schemes/schema";

/** Every gateway policy Portico knows, one line each. */
export const policyDefinitions: readonly PolicyDefinition[] = [securitySchemesPolicy];

/** The policy of that name, or undefined. */
export function findPolicy(name: string): PolicyDefinition | undefined {
  return policyDefinitions.find((p) => p.name === name);
}
