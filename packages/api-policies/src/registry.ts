import { backendJwtPolicy } from "./backend-jwt/policy";
import { backendTimeoutPolicy } from "./backend-timeout/policy";
import { circuitBreakerPolicy } from "./circuit-breaker/policy";
import { corsPolicy } from "./cors/policy";
import type { PolicyDefinition } from "./define-policy";
import { endpointsPolicy } from "./endpoints/policy";
import { forwardAuthorizationPolicy } from "./forward-authorization/policy";
import { headerMediationPolicy } from "./header-mediation/policy";
import { ipFilterPolicy } from "./ip-filter/policy";
import { rateLimitPolicy } from "./rate-limit/policy";
import { requestValidationPolicy } from "./request-validation/policy";
import { responseCachePolicy } from "./response-cache/policy";
import { securitySchemesPolicy } from "./security-schemes/schema";
import { threatProtectionPolicy } from "./threat-protection/policy";
import { throttlingTierPolicy } from "./throttling-tier/policy";

/** Every gateway policy Portico knows, one line each. */
export const policyDefinitions: readonly PolicyDefinition[] = [
  endpointsPolicy,
  corsPolicy,
  forwardAuthorizationPolicy,
  backendJwtPolicy,
  throttlingTierPolicy,
  headerMediationPolicy,
  requestValidationPolicy,
  threatProtectionPolicy,
  ipFilterPolicy,
  rateLimitPolicy,
  backendTimeoutPolicy,
  securitySchemesPolicy,
  responseCachePolicy,
  circuitBreakerPolicy,
];

/** The policy of that name, or undefined. */
export function findPolicy(name: string): PolicyDefinition | undefined {
  return policyDefinitions.find((p) => p.name === name);
}
