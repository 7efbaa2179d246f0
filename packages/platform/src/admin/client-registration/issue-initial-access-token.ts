// RFC 7591 3: an initial access token lets its holder register clients at the resident key
// manager. Shown once; only its SHA-256 is stored. Single use unless the admin says otherwise.
import { randomToken, sha256Hex } from "@portico/crypto";
import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { parseInput } from "../../errors";
import { initialAccessTokenView } from "./list-initial-access-tokens";

export const issueInitialAccessTokenInput = z
  .object({
    description: z.string().max(200).optional(),
    /** default one day, at most 30 days */
    expiresInSeconds: z
      .number()
      .int()
      .min(60)
      .max(30 * 24 * 3600)
      .default(24 * 3600),
    /** registrations it allows; null: any number until it expires */
    maxUses: z.number().int().min(1).max(1000).nullable().default(1),
  })
  .strict();

export async function issueInitialAccessToken(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const input = parseInput(issueInitialAccessTokenInput, body ?? {});
  const token = randomToken(32);
  const row = await ctx.db.initialAccessToken.create({
    data: {
      tokenHash: sha256Hex(token),
      hint: token.slice(-4),
      description: input.description,
      createdById: ctx.actor.userId,
      expiresAt: new Date(ctx.now().getTime() + input.expiresInSeconds * 1000),
      remainingUses: input.maxUses,
    },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "initial_access_token.issue",
    { type: "initial_access_token", id: row.id },
    { expiresAt: row.expiresAt.toISOString(), maxUses: input.maxUses },
  );
  return { ...initialAccessTokenView(row), token };
}
