import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { findOwnApplication } from "../application-access";
import { toCertificateView } from "./certificate-view";

/** The application's registered client certificates, newest first. */
export async function listCertificates(ctx: OperationContext, appId: string) {
  requireScope(ctx.actor, RestScope.appManage);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  const rows = await ctx.db.applicationCertificate.findMany({
    where: { applicationId: app.id },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((row) => toCertificateView(row, ctx.now().getTime()));
}
