import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { toIdentityProviderView } from "./identity-provider-view";

/** Every trusted identity provider, by type then name. */
export async function listIdentityProviders(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  return (await ctx.db.identityProvider.findMany({ orderBy: [{ type: "asc" }, { name: "asc" }] })).map(
    toIdentityProviderView,
  );
}
