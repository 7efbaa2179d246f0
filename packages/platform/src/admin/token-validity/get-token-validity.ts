import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { toTokenValidityView } from "./token-validity-view";

/** The token validity defaults and maximums (the defaults row is made on first read). */
export async function getTokenValidity(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  return toTokenValidityView(
    await ctx.db.tokenValiditySetting.upsert({ where: { id: "default" }, create: {}, update: {} }),
  );
}
