// Whether an application's tokens must be sender-constrained: with `dpopRequired` the key manager
// issues its tokens only against a DPoP proof (RFC 9449), so a stolen token is useless without
// the application's private key. An admin's decision (e.g. for an open-banking application).
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { notFound, parseInput } from "../errors";

export const updateApplicationTokenBindingInput = z.object({ dpopRequired: z.boolean() }).strict();

export async function updateApplicationTokenBinding(ctx: OperationContext, appId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const { dpopRequired } = parseInput(updateApplicationTokenBindingInput, body);
  const app = await ctx.db.application.findUnique({ where: { id: appId }, select: { dpopRequired: true } });
  if (!app) throw notFound("application");
  await ctx.db.application.update({ where: { id: appId }, data: { dpopRequired } });
  await audit(
    ctx.db,
    ctx.actor,
    "application.token_binding.update",
    { type: "application", id: appId },
    { dpopRequired, fields: app.dpopRequired === dpopRequired ? [] : ["dpopRequired"] },
  );
  // the key manager caches clients (with their application) for its settingsCacheMs
  await recordChange(ctx.db, { topic: "application", entityId: appId }, ctx.redisUrl);
  return { id: appId, dpopRequired };
}
