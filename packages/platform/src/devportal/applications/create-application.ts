import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { parseInput } from "../../errors";
import { applicationFields, applicationTierId, refuseTakenName, toApplicationView } from "./application-view";

const createApplicationInput = z.object(applicationFields).strict();

export async function createApplication(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(createApplicationInput, body);
  await refuseTakenName(ctx, data.name);
  const app = await ctx.db.application.create({
    data: {
      name: data.name,
      description: data.description,
      tokenType: data.tokenType,
      defaultValidity: data.defaultValidity,
      ownerId: ctx.actor.userId,
      throttlingTierId: await applicationTierId(ctx, data.tier),
    },
    include: { throttlingTier: true },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "application.create",
    { type: "application", id: app.id },
    { name: app.name },
  );
  return toApplicationView(app);
}
