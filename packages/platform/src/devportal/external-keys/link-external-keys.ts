// A developer links a client they already have at an external key manager (one that does not
// offer registration, or a client made there by hand) to an application, proving it with a
// client-credentials token that key manager issued to it. A client id is linked to at most one
// application: another developer, or another application, gets 409.
import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { findOwnApplication } from "../application-access";
import { checkGrantTypesAt, findExternalKeyManager } from "./external-key-manager-access";
import { proveClientToken } from "./prove-client-token";

export const linkExternalKeysInput = z
  .object({
    keyManager: z.string().min(1).max(100),
    keyType: z.enum(["PRODUCTION", "SANDBOX"]),
    clientId: z.string().min(1).max(200),
    /** an access token the key manager issued to that client with the client credentials grant */
    accessToken: z.string().min(1).max(8192),
    grantTypes: z.array(z.string()).min(1).max(10).default(["client_credentials"]),
  })
  .strict();

export async function linkExternalKeys(ctx: OperationContext, appId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(linkExternalKeysInput, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  const km = await findExternalKeyManager(ctx, data.keyManager);
  await checkGrantTypesAt(ctx, km, data.grantTypes);
  const provenClientId = await proveClientToken(ctx, km, data.accessToken);
  if (provenClientId !== data.clientId)
    throw new AppError("VALIDATION_FAILED", "accessToken: issued to another client", {
      fields: [{ field: "accessToken", message: "issued to another client" }],
    });
  // one client id, one application: whoever linked it first keeps it
  if (await ctx.db.oAuthClient.findUnique({ where: { clientId: data.clientId } }))
    throw new AppError("CONFLICT", "this client id is already linked to an application");
  if (
    await ctx.db.oAuthClient.findFirst({
      where: { applicationId: app.id, keyType: data.keyType, revokedAt: null },
    })
  )
    throw new AppError("CONFLICT", `${data.keyType.toLowerCase()} keys exist already`);
  let client: { createdAt: Date };
  try {
    client = await ctx.db.oAuthClient.create({
      data: {
        clientId: data.clientId,
        name: `${app.name} (${data.keyType.toLowerCase()})`,
        applicationId: app.id,
        keyType: data.keyType,
        keyManagerId: km.id,
        grantTypes: data.grantTypes,
        tokenEndpointAuthMethod: "client_secret_basic",
      },
    });
  } catch (error) {
    // a racing link of the same client id, or of the same key type, lost
    if ((error as { code?: string }).code === "P2002")
      throw new AppError("CONFLICT", "this client id is already linked to an application");
    throw error;
  }
  await audit(
    ctx.db,
    ctx.actor,
    "keys.link_external",
    { type: "application", id: app.id },
    { keyType: data.keyType, consumerKey: data.clientId, keyManager: km.name },
  );
  await recordChange(ctx.db, { topic: "client", entityId: data.clientId }, ctx.redisUrl);
  return {
    keyType: data.keyType,
    keyManager: km.name,
    consumerKey: data.clientId,
    grantTypes: data.grantTypes,
    tokenEndpoint: km.tokenEndpoint,
    createdAt: client.createdAt.toISOString(),
  };
}
