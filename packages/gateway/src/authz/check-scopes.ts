import type { Caller } from "../auth/caller";
import type { RouteResource } from "../config/snapshot";
import { forbidden, gatewayChallenge } from "../errors";

/** Every scope the resource names must be in the token (RFC 6750 section 3.1 `insufficient_scope`). */
export function checkScopes(resource: RouteResource, caller: Caller): void {
  if (resource.scopes.length === 0) return;
  const missing = resource.scopes.filter((s) => !caller.scopes.has(s));
  if (missing.length === 0) return;
  const description = `the access token lacks the scope${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`;
  throw forbidden(
    "insufficient_scope",
    description,
    gatewayChallenge("insufficient_scope", description, resource.scopes.join(" ")),
  );
}
