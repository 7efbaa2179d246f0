import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { notFound, parseInput } from "../../errors";
import { partialUpdateInput } from "../../update-input";
import { environmentFields, toEnvironmentView } from "./environment-view";

/** Partial: the name (what gateways join by) does not change; `null` clears a URL or the description. */
export const updateGatewayEnvironmentInput = partialUpdateInput(environmentFields);

export async function updateGatewayEnvironment(ctx: OperationContext, name: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const input = parseInput(updateGatewayEnvironmentInput, body ?? {});
  const existing = await ctx.db.gatewayEnvironment.findUnique({ where: { name } });
  if (!existing) throw notFound("environment");
  const row = await ctx.db.gatewayEnvironment.update({ where: { id: existing.id }, data: input });
  await audit(
    ctx.db,
    ctx.actor,
    "environment.update",
    { type: "environment", id: row.id },
    { fields: Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined) },
  );
  return toEnvironmentView(row);
}
