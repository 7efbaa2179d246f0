import { revokeAccessTokensWhere } from "@portico/issuer-admin";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { changeRecorder, recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { notFound } from "../../errors";
import { findOwnApplication } from "../application-access";

/**
 * Removes a registered certificate. The application's access tokens bound to it
 * (`cnf."x5t#S256"`) are revoked with it: a removed certificate is usually one whose key is gone.
 */
export async function removeCertificate(ctx: OperationContext, appId: string, certificateId: string) {
  requireScope(ctx.actor, RestScope.appManage);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  const row = await ctx.db.applicationCertificate.findFirst({
    where: { id: certificateId, applicationId: app.id },
  });
  if (!row) throw notFound("certificate");
  const { count } = await ctx.db.applicationCertificate.deleteMany({ where: { id: row.id } });
  if (count === 0) throw notFound("certificate");
  const bound = await ctx.db.accessToken.findMany({
    where: { applicationId: app.id, revokedAt: null, expiresAt: { gt: ctx.now() } },
    select: { id: true, claims: true },
  });
  const ids = bound
    .filter((t) => {
      const cnf = (t.claims as { cnf?: Record<string, unknown> } | null)?.cnf;
      return cnf?.["x5t#S256"] === row.thumbprint;
    })
    .map((t) => t.id);
  const revoked =
    ids.length > 0
      ? await revokeAccessTokensWhere(
          { db: ctx.db, changes: changeRecorder(ctx.db, ctx.redisUrl), now: ctx.now },
          { id: { in: ids } },
        )
      : [];
  await audit(
    ctx.db,
    ctx.actor,
    "certificate.remove",
    { type: "application", id: app.id },
    { certificateId: row.id, thumbprint: row.thumbprint, revokedTokens: revoked.length },
  );
  await recordChange(ctx.db, { topic: "application", entityId: app.id }, ctx.redisUrl);
}
