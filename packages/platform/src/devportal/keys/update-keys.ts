import { stringList } from "@portico/db";
import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { parseInput } from "../../errors";
import { changedFields } from "../../update-input";
import { findOwnApplication } from "../application-access";
import { callbackUrl, checkGrantTypes, findKeys, keyType, toKeysView } from "./key-view";

/** A partial update of one key type's settings; each field omitted stays. */
export const updateKeysInput = z
  .object({
    grantTypes: z.array(z.string()).min(1, "choose at least one grant type").optional(),
    callbackUrls: z.array(callbackUrl).max(20).optional(),
    pkceRequired: z.boolean().optional(),
  })
  .strict();

export async function updateKeys(ctx: OperationContext, appId: string, type: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(updateKeysInput, body);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const client = await findKeys(ctx, appId, parseInput(keyType, type));
  const grantTypes = data.grantTypes ?? stringList(client.grantTypes);
  await checkGrantTypes(ctx, grantTypes, data.callbackUrls ?? stringList(client.redirectUris));
  const updated = await ctx.db.oAuthClient.update({
    where: { id: client.id },
    data: { grantTypes: data.grantTypes, redirectUris: data.callbackUrls, pkceRequired: data.pkceRequired },
    include: { secrets: { orderBy: { createdAt: "asc" } } },
  });
  const now = ctx.now();
  const after = toKeysView(updated, now);
  await audit(
    ctx.db,
    ctx.actor,
    "keys.update",
    { type: "application", id: appId },
    {
      keyType: type,
      fields: changedFields(toKeysView(client, now), after, Object.keys(updateKeysInput.shape)),
    },
  );
  await recordChange(ctx.db, { topic: "client", entityId: client.clientId }, ctx.redisUrl);
  return after;
}
