import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { parseInput } from "../../errors";
import { changedFields, partialUpdateInput } from "../../update-input";
import { findOwnApplication } from "../application-access";
import { applicationFields, applicationTierId, refuseTakenName, toApplicationView } from "./application-view";

/** A partial update: each field omitted stays (no creation defaults are applied). */
export const updateApplicationInput = partialUpdateInput(applicationFields);

export async function updateApplication(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(updateApplicationInput, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, id);
  if (data.name && data.name !== app.name) await refuseTakenName(ctx, data.name);
  const updated = await ctx.db.application.update({
    where: { id },
    data: {
      name: data.name,
      description: data.description,
      tokenType: data.tokenType,
      defaultValidity: data.defaultValidity,
      throttlingTierId: data.tier === undefined ? undefined : await applicationTierId(ctx, data.tier),
    },
    include: { throttlingTier: true },
  });
  const after = toApplicationView(updated);
  await audit(
    ctx.db,
    ctx.actor,
    "application.update",
    { type: "application", id },
    { fields: changedFields(toApplicationView(app), after, Object.keys(updateApplicationInput.shape)) },
  );
  await recordChange(ctx.db, { topic: "application", entityId: id }, ctx.redisUrl);
  return after;
}
