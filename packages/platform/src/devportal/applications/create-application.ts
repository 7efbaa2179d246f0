import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { parseInput } from "../../errors";
import { readApprovalSettings } from "../../workflows/approval-settings";
import { announceWorkflowRequest, openWorkflowRequest } from "../../workflows/workflow-request";
import { applicationFields, applicationTierId, refuseTakenName, toApplicationView } from "./application-view";

const createApplicationInput = z.object(applicationFields).strict();

export async function createApplication(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(createApplicationInput, body);
  await refuseTakenName(ctx, data.name);
  const throttlingTierId = await applicationTierId(ctx, data.tier);
  // With approval required the application is PENDING (the key manager issues none of its
  // tokens, and it cannot subscribe) until an admin decides.
  const held = (await readApprovalSettings(ctx.db)).applicationCreation;
  const { app, request } = await ctx.db.$transaction(async (tx) => {
    const app = await tx.application.create({
      data: {
        name: data.name,
        description: data.description,
        tokenType: data.tokenType,
        defaultValidity: data.defaultValidity,
        ownerId: ctx.actor.userId,
        throttlingTierId,
        status: held ? "PENDING" : "ACTIVE",
      },
      include: { throttlingTier: true },
    });
    const request = held
      ? await openWorkflowRequest(tx, ctx.actor, {
          type: "APPLICATION_CREATION",
          summary: `${ctx.actor.username} creates the application ${app.name}`,
          applicationId: app.id,
        })
      : null;
    return { app, request };
  });
  await audit(
    ctx.db,
    ctx.actor,
    "application.create",
    { type: "application", id: app.id },
    { name: app.name, status: app.status },
  );
  if (request) await announceWorkflowRequest(ctx.db, request, ctx.now());
  return toApplicationView(app);
}
