import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { findIdentityProvider, toIdentityProviderView } from "./identity-provider-view";

export async function getIdentityProvider(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  return toIdentityProviderView(await findIdentityProvider(ctx, id));
}
