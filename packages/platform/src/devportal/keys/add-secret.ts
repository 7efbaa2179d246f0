import { hashSecret } from "@portico/crypto";
import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { findOwnApplication } from "../application-access";
import { findKeys, keyType } from "./key-view";
import { newSecret } from "./new-secret";

const addSecretInput = z
  .object({
    /** when the secrets that exist now stop working (rotation without downtime); omit to keep them */
    expireExistingInSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86400)
      .optional(),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

/** The new secret, shown this once. */
const addedSecretView = z.object({
  id: z.string(),
  consumerSecret: z.string(),
  hint: z.string(),
  expiresAt: z.string().nullable(),
});

/** Adds a secret (shown once); optionally the existing ones expire after a grace period. */
export async function addSecret(ctx: OperationContext, appId: string, type: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(addSecretInput, body ?? {});
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const client = await findKeys(ctx, appId, parseInput(keyType, type));
  const now = ctx.now().getTime();
  const active = client.secrets.filter((s) => !s.revokedAt && (!s.expiresAt || s.expiresAt.getTime() > now));
  if (active.length >= 5)
    throw new AppError("CONFLICT", "at most five secrets may be active; revoke one first");
  if (data.expireExistingInSeconds !== undefined) {
    const at = new Date(now + data.expireExistingInSeconds * 1000);
    await ctx.db.clientSecret.updateMany({
      where: { clientId: client.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] },
      data: { expiresAt: at },
    });
  }
  const secret = newSecret();
  const row = await ctx.db.clientSecret.create({
    data: {
      clientId: client.id,
      secretHash: await hashSecret(secret),
      hint: secret.slice(-4),
      expiresAt: data.expiresInDays ? new Date(now + data.expiresInDays * 86400_000) : null,
    },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "keys.secret_add",
    { type: "application", id: appId },
    { keyType: type, secretId: row.id },
  );
  return addedSecretView.parse({
    id: row.id,
    consumerSecret: secret,
    hint: `…${row.hint}`,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  });
}
