// Whether publishing an API that was never deployed deploys its current definition as a revision
// to the default environment: PlatformSetting `deployments.autoDeployOnPublish` (JSON boolean,
// on by default), so publishing an API keeps making it callable at once, as before revisions.
import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { parseInput } from "../../errors";

const AUTO_DEPLOY_SETTING = "deployments.autoDeployOnPublish";

export const deploymentSettingsInput = z.object({ autoDeployOnPublish: z.boolean() }).strict();

export async function readAutoDeployOnPublish(db: OperationContext["db"]): Promise<boolean> {
  const row = await db.platformSetting.findUnique({ where: { key: AUTO_DEPLOY_SETTING } });
  return row?.value !== false;
}

export async function getDeploymentSettings(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  return { autoDeployOnPublish: await readAutoDeployOnPublish(ctx.db) };
}

export async function updateDeploymentSettings(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const { autoDeployOnPublish } = parseInput(deploymentSettingsInput, body);
  await ctx.db.platformSetting.upsert({
    where: { key: AUTO_DEPLOY_SETTING },
    create: { key: AUTO_DEPLOY_SETTING, value: autoDeployOnPublish },
    update: { value: autoDeployOnPublish },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "settings.deployments",
    { type: "setting", id: AUTO_DEPLOY_SETTING },
    {
      fields: ["autoDeployOnPublish"],
    },
  );
  return { autoDeployOnPublish };
}
