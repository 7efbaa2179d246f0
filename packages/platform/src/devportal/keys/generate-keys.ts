import { randomBytes } from "node:crypto";
import { hashSecret } from "@portico/crypto";
import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { findOwnApplication } from "../application-access";
import { callbackUrl, checkGrantTypes, keysView, keyType, toKeysView } from "./key-view";
import { newSecret } from "./new-secret";

const generateKeysInput = z
  .object({
    keyType,
    grantTypes: z.array(z.string()).min(1, "choose at least one grant type"),
    callbackUrls: z.array(callbackUrl).max(20).default([]),
    pkceRequired: z.boolean().default(true),
    /**
     * RFC 8705 2: `tls_client_auth` (a certificate from the key manager's client CA with the
     * subject of one of the application's registered certificates) or `self_signed_tls_client_auth`
     * (one of the application's registered certificates) instead of a consumer secret
     */
    tokenEndpointAuthMethod: z
      .enum(["client_secret_basic", "tls_client_auth", "self_signed_tls_client_auth"])
      .default("client_secret_basic"),
  })
  .strict();

/** The new keys, with the consumer secret shown this once (certificate clients get none). */
const generatedKeysView = keysView.extend({ consumerSecret: z.string().optional() });

async function residentKeyManagerId(ctx: OperationContext) {
  const km = await ctx.db.keyManager.findFirst({ where: { type: "RESIDENT" } });
  if (!km) throw new AppError("INTERNAL", "no resident key manager");
  return km.id;
}

/**
 * Generates an application's consumer key and secret for one key type. The secret is returned
 * this once; only its hash is kept.
 */
export async function generateKeys(ctx: OperationContext, appId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(generateKeysInput, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  await checkGrantTypes(ctx, data.grantTypes, data.callbackUrls);
  const existing = await ctx.db.oAuthClient.findFirst({
    where: { applicationId: app.id, keyType: data.keyType },
  });
  if (existing && !existing.revokedAt)
    throw new AppError(
      "CONFLICT",
      `${data.keyType.toLowerCase()} keys exist already; add a secret to rotate`,
    );
  if (existing) await ctx.db.oAuthClient.delete({ where: { id: existing.id } });
  const certificateClient = data.tokenEndpointAuthMethod !== "client_secret_basic";
  const secret = certificateClient ? undefined : newSecret();
  const client = await ctx.db.oAuthClient.create({
    data: {
      clientId: randomBytes(18).toString("base64url"),
      name: `${app.name} (${data.keyType.toLowerCase()})`,
      applicationId: app.id,
      keyType: data.keyType,
      keyManagerId: await residentKeyManagerId(ctx),
      grantTypes: data.grantTypes,
      redirectUris: data.callbackUrls,
      tokenEndpointAuthMethod: data.tokenEndpointAuthMethod,
      pkceRequired: data.pkceRequired,
      ...(secret
        ? { secrets: { create: { secretHash: await hashSecret(secret), hint: secret.slice(-4) } } }
        : {}),
    },
    include: { secrets: true },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "keys.generate",
    { type: "application", id: app.id },
    {
      keyType: data.keyType,
      consumerKey: client.clientId,
      tokenEndpointAuthMethod: data.tokenEndpointAuthMethod,
    },
  );
  await recordChange(ctx.db, { topic: "client", entityId: client.clientId }, ctx.redisUrl);
  return generatedKeysView.parse({
    ...toKeysView(client, ctx.now()),
    ...(secret ? { consumerSecret: secret } : {}),
  });
}
