import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { findIdentityProvider } from "./identity-provider-view";

/** Removes a trusted identity provider; its grants stop accepting its assertions. */
export async function deleteIdentityProvider(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const row = await findIdentityProvider(ctx, id);
  await ctx.db.identityProvider.delete({ where: { id } });
  await audit(
    ctx.db,
    ctx.actor,
    "identity_provider.delete",
    { type: "identity_provider", id },
    { name: row.name },
  );
  await recordChange(ctx.db, { topic: "key-manager", entityId: id }, ctx.redisUrl);
}
