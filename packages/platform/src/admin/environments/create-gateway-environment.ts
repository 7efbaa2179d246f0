import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { environmentFields, environmentName, toEnvironmentView } from "./environment-view";

export const createGatewayEnvironmentInput = z
  .object({
    name: environmentName,
    displayName: environmentFields.displayName,
    description: environmentFields.description.optional(),
    httpsUrl: environmentFields.httpsUrl.unwrap(),
    httpUrl: environmentFields.httpUrl.optional(),
  })
  .strict();

/** Defines an environment gateways can join (PORTICO_GATEWAY_ENVIRONMENT) and APIs be deployed to. */
export async function createGatewayEnvironment(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const input = parseInput(createGatewayEnvironmentInput, body);
  const taken = await ctx.db.gatewayEnvironment.findUnique({ where: { name: input.name } });
  if (taken) throw new AppError("CONFLICT", `an environment named ${input.name} exists`);
  const row = await ctx.db.gatewayEnvironment
    .create({
      data: {
        name: input.name,
        displayName: input.displayName,
        description: input.description ?? null,
        httpsUrl: input.httpsUrl,
        httpUrl: input.httpUrl ?? null,
      },
    })
    .catch((error: unknown) => {
      // two admins creating the same name at once: the unique index decides
      if ((error as { code?: string }).code === "P2002")
        throw new AppError("CONFLICT", `an environment named ${input.name} exists`);
      throw error;
    });
  await audit(
    ctx.db,
    ctx.actor,
    "environment.create",
    { type: "environment", id: row.id },
    { name: row.name },
  );
  return toEnvironmentView(row);
}
