import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";

/**
 * The enabled key managers an API may accept tokens from, for the publisher's form: names, type
 * and issuer only (endpoints and client credentials stay in the admin area).
 */
export async function listApiKeyManagers(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.apiView);
  const rows = await ctx.db.keyManager.findMany({ where: { enabled: true }, orderBy: { name: "asc" } });
  // the resident one first (sorted here: enum order differs between SQLite and PostgreSQL)
  rows.sort((a, b) => Number(b.type === "RESIDENT") - Number(a.type === "RESIDENT"));
  return rows.map((k) => ({ name: k.name, type: k.type, issuer: k.issuer }));
}
