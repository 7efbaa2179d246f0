import { rotateSigningKey } from "@portico/issuer-admin";
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, parseInput } from "../errors";

/** The key manager's token signing keys (public parts and state only). */
export async function listSigningKeys(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  const rows = await ctx.db.signingKey.findMany({
    where: { use: "ACCESS_TOKEN" },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((k) => ({
    kid: k.kid,
    alg: k.alg,
    status: k.status,
    createdAt: k.createdAt.toISOString(),
    retiredAt: k.retiredAt?.toISOString() ?? null,
  }));
}

const rotateInput = z.object({ alg: z.enum(["ES256", "RS256"]).default("ES256") }).strict();

/**
 * Rotates the token signing key of one algorithm: a new key signs from now on (key managers pick
 * it up within seconds); the old one stays published until its tokens have expired.
 */
export async function rotateTokenSigningKey(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const { alg } = parseInput(rotateInput, body ?? {});
  if (!ctx.keyring) throw new AppError("INTERNAL", "no master key available to encrypt the new signing key");
  const result = await rotateSigningKey(ctx.db, ctx.keyring, { alg });
  await audit(
    ctx.db,
    ctx.actor,
    "signing_key.rotate",
    { type: "signing_key", id: result.kid },
    { alg, retired: result.retired },
  );
  await recordChange(ctx.db, { topic: "signing-key", entityId: result.kid }, ctx.redisUrl);
  return result;
}
