import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { findOwnApplication } from "../application-access";
import { toApplicationView } from "./application-view";

/** One of the acting developer's applications; another's is 404. */
export async function getApplication(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.appManage);
  return toApplicationView(await findOwnApplication(ctx.db, ctx.actor, id));
}
