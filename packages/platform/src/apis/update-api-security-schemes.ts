import { parseSecuritySchemes, securitySchemesSchema } from "@portico/api-policies";
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, parseInput } from "../errors";
import { findChangeableApi } from "./api-access";

const schemes = securitySchemesSchema.shape;

/** A partial update: each scheme named is replaced whole (its omitted settings take their defaults); the others stay. */
export const updateApiSecuritySchemesInput = z
  .object({
    oauth2: schemes.oauth2.unwrap().optional(),
    apiKey: schemes.apiKey.unwrap().optional(),
    mutualTls: schemes.mutualTls.unwrap().optional(),
    require: schemes.require.unwrap().optional(),
  })
  .strict();

/**
 * Sets which credentials the gateway accepts for an API: OAuth 2.0 tokens (bearer, or DPoP-bound
 * only), API keys (header name, query parameter, resources), whether one or all are needed, and
 * whether calls must come with a client certificate (mutual TLS).
 */
export async function updateApiSecuritySchemes(ctx: OperationContext, id: string, input: unknown) {
  requireScope(ctx.actor, RestScope.apiCreate);
  const data = parseInput(updateApiSecuritySchemesInput, input);
  const api = await findChangeableApi(ctx.db, ctx.actor, id);
  if (api.state === "RETIRED") throw new AppError("CONFLICT", "a retired API cannot be changed");
  const before = parseSecuritySchemes(api.securitySchemes);
  const merged = parseInput(securitySchemesSchema, {
    oauth2: data.oauth2 ?? before.oauth2,
    apiKey: data.apiKey ?? before.apiKey,
    mutualTls: data.mutualTls ?? before.mutualTls,
    require: data.require ?? before.require,
  });
  const resources = new Set(api.resources.map((r) => `${r.method} ${r.pathTemplate}`));
  const unknown = merged.apiKey.resources.filter((r) => !resources.has(r));
  if (unknown.length)
    throw new AppError("VALIDATION_FAILED", `no such resource: ${unknown.join(", ")}`, {
      fields: [{ field: "apiKey.resources", message: `not a resource of this API: ${unknown.join(", ")}` }],
    });
  await ctx.db.api.update({ where: { id }, data: { securitySchemes: merged } });
  await audit(
    ctx.db,
    ctx.actor,
    "api.security_schemes.update",
    { type: "api", id },
    {
      fields: Object.keys(data).filter(
        (k) =>
          JSON.stringify(merged[k as keyof typeof merged]) !==
          JSON.stringify(before[k as keyof typeof before]),
      ),
    },
  );
  await recordChange(ctx.db, { topic: "api", entityId: id }, ctx.redisUrl);
  return merged;
}
