// Identities asserted by trusted identity providers (FederatedIdentity): each lives in its
// provider's namespace and acts as a Portico user only once an admin links it here (or when the
// provider provisioned that user for it). Nothing is ever linked by a matching username.
import { revokeTokensOfFederatedSignIn } from "@portico/issuer-admin";
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { changeRecorder } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";

export const linkFederatedIdentityInput = z
  .object({
    /** the value the provider's mapping names (SAML NameID or attribute, JWT claim, Kerberos local part, NTLM user) */
    subject: z.string().trim().min(1, "the identity's subject is required").max(500),
    /** the Portico user it acts as */
    userId: z.string().min(1, "choose a user"),
  })
  .strict();

type Row = {
  id: string;
  subject: string;
  linkedBy: string | null;
  linkedAt: Date | null;
  lastSeenAt: Date | null;
  createdAt: Date;
  user: { id: string; username: string } | null;
};

const view = (row: Row) => ({
  id: row.id,
  subject: row.subject,
  user: row.user,
  linkedBy: row.linkedBy,
  linkedAt: row.linkedAt?.toISOString() ?? null,
  lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});
const include = { user: { select: { id: true, username: true } } } as const;

async function findProvider(ctx: OperationContext, providerId: string) {
  const provider = await ctx.db.identityProvider.findUnique({ where: { id: providerId } });
  if (!provider) throw notFound("identity provider");
  return provider;
}

/** A provider's identities: linked ones with their user, unlinked ones seen at sign-in, for an admin to link. */
export async function listFederatedIdentities(ctx: OperationContext, providerId: string) {
  requireScope(ctx.actor, RestScope.admin);
  await findProvider(ctx, providerId);
  const rows = await ctx.db.federatedIdentity.findMany({
    where: { providerId },
    include,
    orderBy: { subject: "asc" },
  });
  return rows.map(view);
}

/** Links (provider, subject) to a Portico user; an identity linked to someone else must be unlinked first. */
export async function linkFederatedIdentity(ctx: OperationContext, providerId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(linkFederatedIdentityInput, body);
  const provider = await findProvider(ctx, providerId);
  const user = await ctx.db.user.findUnique({
    where: { id: data.userId },
    select: { id: true, username: true },
  });
  if (!user)
    throw new AppError("VALIDATION_FAILED", "no such user", {
      fields: [{ field: "userId", message: "no such user" }],
    });
  const key = { providerId_subject: { providerId, subject: data.subject } };
  const existing = await ctx.db.federatedIdentity.findUnique({ where: key });
  if (existing?.userId && existing.userId !== user.id)
    throw new AppError("CONFLICT", "this identity is linked to another user; unlink it first");
  const now = ctx.now();
  const row = await ctx.db.federatedIdentity.upsert({
    where: key,
    create: {
      providerId,
      subject: data.subject,
      userId: user.id,
      linkedBy: ctx.actor.username,
      linkedAt: now,
    },
    update: { userId: user.id, linkedBy: ctx.actor.username, linkedAt: now },
    include,
  });
  await audit(
    ctx.db,
    ctx.actor,
    "federated_identity.link",
    { type: "user", id: user.id },
    { provider: provider.name, subject: data.subject, username: user.username },
  );
  return view(row);
}

/**
 * Removes an identity's link (and the identity): its next sign-in is refused until linked again,
 * and the tokens the user got through this provider's grants are revoked (and announced to the
 * gateways), so what the identity obtained while linked ends with the link.
 */
export async function unlinkFederatedIdentity(ctx: OperationContext, providerId: string, identityId: string) {
  requireScope(ctx.actor, RestScope.admin);
  const provider = await findProvider(ctx, providerId);
  const row = await ctx.db.federatedIdentity.findFirst({ where: { id: identityId, providerId }, include });
  if (!row) throw notFound("identity");
  await ctx.db.federatedIdentity.delete({ where: { id: row.id } });
  const revoked = row.user
    ? (
        await revokeTokensOfFederatedSignIn(
          { db: ctx.db, changes: changeRecorder(ctx.db, ctx.redisUrl) },
          row.user.id,
          provider.type,
        )
      ).accessTokens
    : 0;
  await audit(
    ctx.db,
    ctx.actor,
    "federated_identity.unlink",
    { type: "user", id: row.user?.id ?? "" },
    {
      provider: provider.name,
      subject: row.subject,
      username: row.user?.username ?? null,
      tokensRevoked: revoked,
    },
  );
}
