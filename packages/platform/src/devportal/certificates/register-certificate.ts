import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { findOwnApplication } from "../application-access";
import {
  MAX_CERTIFICATES_PER_APPLICATION,
  readCertificate,
  registerCertificateInput,
  toCertificateView,
} from "./certificate-view";

const duplicate = () =>
  new AppError("CONFLICT", "pem: this certificate is already registered for the application", {
    fields: [{ field: "pem", message: "this certificate is already registered for the application" }],
  });

/**
 * Registers a client certificate (RFC 8705) for one of the developer's applications: the
 * gateway accepts it on APIs that require mutual TLS, and the key manager authenticates the
 * application's clients with it.
 */
export async function registerCertificate(ctx: OperationContext, appId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(registerCertificateInput, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  const cert = readCertificate(data.pem, ctx.now());
  const existing = await ctx.db.applicationCertificate.findMany({
    where: { applicationId: app.id },
    select: { thumbprint: true },
  });
  if (existing.some((e) => e.thumbprint === cert.thumbprint)) throw duplicate();
  if (existing.length >= MAX_CERTIFICATES_PER_APPLICATION)
    throw new AppError(
      "CONFLICT",
      `an application may hold at most ${MAX_CERTIFICATES_PER_APPLICATION} certificates; remove one first`,
    );
  let row: Awaited<ReturnType<typeof ctx.db.applicationCertificate.create>>;
  try {
    row = await ctx.db.applicationCertificate.create({
      data: { applicationId: app.id, ...cert, createdAt: ctx.now() },
    });
  } catch (error) {
    // the same certificate registered by a racing request
    if ((error as { code?: unknown }).code === "P2002") throw duplicate();
    throw error;
  }
  await audit(
    ctx.db,
    ctx.actor,
    "certificate.register",
    { type: "application", id: app.id },
    { certificateId: row.id, thumbprint: row.thumbprint, subjectDn: row.subjectDn },
  );
  await recordChange(ctx.db, { topic: "application", entityId: app.id }, ctx.redisUrl);
  return toCertificateView(row, ctx.now().getTime());
}
