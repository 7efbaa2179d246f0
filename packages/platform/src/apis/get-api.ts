import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { findVisibleApi } from "./api-access";
import { type ApiView, toApiView } from "./api-view";

export async function getApi(ctx: OperationContext, id: string): Promise<ApiView> {
  requireScope(ctx.actor, RestScope.apiView);
  return toApiView(await findVisibleApi(ctx.db, ctx.actor, id), ctx.gatewayUrl);
}
