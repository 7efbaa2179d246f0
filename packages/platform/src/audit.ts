import type { Db } from "@portico/db";
import type { Principal } from "./auth/principal";

/** Records who did what to which object; `details` must never hold secrets. */
export async function audit(
  db: Db,
  actor: Principal | null,
  action: string,
  target: { type: string; id: string },
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: actor?.userId,
      actorName: actor?.username ?? "system",
      action,
      targetType: target.type,
      targetId: target.id,
      details: details as object,
      ip: actor?.ip,
    },
  });
}
