import { revokeAccessTokensWhere, revokeTokensOfApplication } from "@portico/issuer-admin";
import { z } from "zod";
import { audit } from "../audit";
import { isAdmin, RestScope, requireScope } from "../auth/principal";
import { changeRecorder } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { findOwnApplication } from "./application-access";

const generateInput = z
  .object({
    keyType: z.enum(["PRODUCTION", "SANDBOX"]),
    scopes: z.array(z.string().min(1)).max(100).default([]),
    validityPeriod: z.number().int().positive("must be a positive number of seconds").optional(),
  })
  .strict();

/**
 * The scopes an application's token may carry: those of the APIs it is actively subscribed to
 * (declared by the API or used by its resources), that the owner's roles allow (an API's scope
 * bound to no role is open to its subscribers; a shared one bound to no role only if public, or
 * to admins — the key manager's rule).
 */
export async function listTokenScopes(ctx: OperationContext, appId: string) {
  requireScope(ctx.actor, RestScope.appManage);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const subs = await ctx.db.subscription.findMany({
    where: { applicationId: appId, state: { in: ["ACTIVE", "PROD_ONLY_BLOCKED"] } },
    select: { apiId: true },
  });
  const apiIds = subs.map((s) => s.apiId);
  const scopes = await ctx.db.scope.findMany({
    where: {
      OR: [{ apiId: { in: apiIds } }, { resources: { some: { resource: { apiId: { in: apiIds } } } } }],
    },
    include: { roles: { include: { role: true } }, api: { select: { name: true, version: true } } },
    orderBy: { name: "asc" },
  });
  return scopes.map((s) => {
    const roles = s.roles.map((r) => r.role.name);
    return {
      name: s.name,
      description: s.description,
      api: s.api ? `${s.api.name} ${s.api.version}` : null,
      roles,
      allowed: roles.length
        ? roles.some((r) => ctx.actor.roles.includes(r))
        : // bound to no role: an API's scope is open to its subscribers; a shared one only when public
          s.apiId !== null || s.public || isAdmin(ctx.actor),
    };
  });
}

/** The admin's bounds for application tokens, shown next to the validity field. */
export async function applicationTokenBounds(ctx: OperationContext) {
  const v = await ctx.db.tokenValiditySetting.upsert({ where: { id: "default" }, create: {}, update: {} });
  return { min: 60, max: v.applicationTokenMax, default: v.applicationTokenDefault };
}

/**
 * Generates an access token for one of my application's keys with the scopes and validity I
 * choose, refusing scopes the application is not subscribed to or my roles do not allow, and
 * validity outside the admin's bounds. The token is returned this once.
 */
export async function generateToken(ctx: OperationContext, appId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(generateInput, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  const client = await ctx.db.oAuthClient.findFirst({
    where: { applicationId: app.id, keyType: data.keyType, revokedAt: null },
  });
  if (!client)
    throw new AppError("VALIDATION_FAILED", `generate ${data.keyType.toLowerCase()} keys first`, {
      fields: [{ field: "keyType", message: "no keys for this key type" }],
    });
  if (!(client.grantTypes as string[]).includes("client_credentials")) {
    throw new AppError("VALIDATION_FAILED", "these keys do not have the client credentials grant", {
      fields: [{ field: "keyType", message: "enable client_credentials on the keys" }],
    });
  }
  const bounds = await applicationTokenBounds(ctx);
  const validity = data.validityPeriod ?? Math.min(app.defaultValidity, bounds.max);
  if (validity < bounds.min || validity > bounds.max) {
    throw new AppError(
      "VALIDATION_FAILED",
      `validity must be between ${bounds.min} and ${bounds.max} seconds`,
      {
        fields: [{ field: "validityPeriod", message: `between ${bounds.min} and ${bounds.max} seconds` }],
      },
    );
  }
  const available = new Map((await listTokenScopes(ctx, appId)).map((s) => [s.name, s]));
  const unsubscribed = data.scopes.filter((s) => !available.has(s));
  const notAllowed = data.scopes.filter((s) => available.get(s)?.allowed === false);
  if (unsubscribed.length || notAllowed.length) {
    throw new AppError(
      "VALIDATION_FAILED",
      [
        unsubscribed.length
          ? `not a scope of any API this application is subscribed to: ${unsubscribed.join(", ")}`
          : "",
        notAllowed.length ? `your roles do not allow: ${notAllowed.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("; "),
      { fields: [{ field: "scopes", message: [...unsubscribed, ...notAllowed].join(", ") }] },
    );
  }
  if (!ctx.issueApplicationToken) throw new AppError("INTERNAL", "token issuing is not available here");
  const issued = await ctx.issueApplicationToken({
    consumerKey: client.clientId,
    ownerId: ctx.actor.userId,
    scopes: data.scopes,
    validityPeriod: validity,
  });
  await audit(
    ctx.db,
    ctx.actor,
    "token.generate",
    { type: "application", id: app.id },
    { keyType: data.keyType, scopes: data.scopes, validity },
  );
  return {
    accessToken: issued.access_token,
    tokenType: issued.token_type,
    expiresIn: issued.expires_in,
    scope: issued.scope ?? "",
  };
}

/** My application's tokens that are neither expired nor revoked (never the token values). */
export async function listActiveTokens(ctx: OperationContext, appId: string) {
  requireScope(ctx.actor, RestScope.appManage);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const rows = await ctx.db.accessToken.findMany({
    where: { applicationId: appId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { issuedAt: "desc" },
    take: 200,
  });
  return rows.map((t) => ({
    id: t.id,
    keyType: t.keyType,
    format: t.format,
    scope: t.scope,
    grantType: t.grantType,
    issuedAt: t.issuedAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
  }));
}

/**
 * Revokes one access token, or, when tokenId is omitted, everything the application holds: its
 * access tokens and its refresh-token families (a refresh token kept from before must not mint
 * new access tokens afterwards).
 */
export async function revokeApplicationTokens(ctx: OperationContext, appId: string, tokenId?: string) {
  requireScope(ctx.actor, RestScope.appManage);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const deps = { db: ctx.db, changes: changeRecorder(ctx.db, ctx.redisUrl) };
  let count: number;
  if (tokenId) {
    const token = await ctx.db.accessToken.findFirst({
      where: { id: tokenId, applicationId: appId, revokedAt: null },
      select: { id: true },
    });
    if (!token) throw notFound("token");
    count = (await revokeAccessTokensWhere(deps, { id: token.id })).length;
  } else {
    count = (await revokeTokensOfApplication(deps, appId)).accessTokens;
  }
  await audit(
    ctx.db,
    ctx.actor,
    tokenId ? "token.revoke" : "token.revoke_all",
    { type: "application", id: appId },
    { count },
  );
  return { revoked: count };
}
