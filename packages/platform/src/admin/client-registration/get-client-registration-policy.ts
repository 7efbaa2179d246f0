import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { readClientRegistrationPolicy } from "./client-registration-policy";

/** Whether the key manager serves dynamic client registration (RFC 7591), and within which limits. */
export async function getClientRegistrationPolicy(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  return readClientRegistrationPolicy(ctx);
}
