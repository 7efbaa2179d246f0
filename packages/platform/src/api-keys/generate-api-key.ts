import { createHash, randomBytes } from "node:crypto";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { findOwnApplication } from "../devportal/application-access";
import { AppError, parseInput } from "../errors";
import { generateApiKeyInput, toApiKeyView } from "./api-key-view";

const MAX_ACTIVE_KEYS = 50;

/**
 * Generates an API key for one of the developer's applications. The key is returned this once;
 * only its SHA-256 is kept (a key is 256 random bits, so a fast hash is enough to make the stored
 * form useless, and the gateway can look keys up by it on every call).
 */
export async function generateApiKey(ctx: OperationContext, appId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(generateApiKeyInput, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  const active = await ctx.db.apiKey.count({ where: { applicationId: app.id, revokedAt: null } });
  if (active >= MAX_ACTIVE_KEYS)
    throw new AppError(
      "CONFLICT",
      `an application may hold at most ${MAX_ACTIVE_KEYS} API keys; revoke one first`,
    );
  const key = `pk_${randomBytes(32).toString("base64url")}`;
  const row = await ctx.db.apiKey.create({
    data: {
      applicationId: app.id,
      name: data.name,
      keyType: data.keyType,
      keyHash: createHash("sha256").update(key).digest("hex"),
      hint: key.slice(-4),
      allowedIps: data.allowedIps,
      allowedReferrers: data.allowedReferrers,
      expiresAt: data.expiresInDays ? new Date(ctx.now().getTime() + data.expiresInDays * 86_400_000) : null,
    },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "api_key.generate",
    { type: "application", id: app.id },
    {
      apiKeyId: row.id,
      name: row.name,
      keyType: row.keyType,
      expiresAt: row.expiresAt?.toISOString() ?? null,
    },
  );
  return { ...toApiKeyView(row, ctx.now().getTime()), apiKey: key };
}
