import { stringList } from "@portico/db";
import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { findOwnApplication } from "../application-access";
import { applicationTokenBounds } from "./application-token-bounds";
import { listTokenScopes } from "./list-token-scopes";

const generateTokenInput = z
  .object({
    keyType: z.enum(["PRODUCTION", "SANDBOX"]),
    scopes: z.array(z.string().min(1)).max(100).default([]),
    validityPeriod: z.number().int().positive("must be a positive number of seconds").optional(),
  })
  .strict();

/** The token, shown this once. */
const generatedTokenView = z.object({
  accessToken: z.string(),
  tokenType: z.string(),
  expiresIn: z.number(),
  scope: z.string(),
});

/** 400 naming `scopes` for scopes of no subscribed API or that the developer's roles do not allow. */
async function checkScopes(ctx: OperationContext, appId: string, scopes: string[]) {
  const available = new Map((await listTokenScopes(ctx, appId)).map((s) => [s.name, s]));
  const unsubscribed = scopes.filter((s) => !available.has(s));
  const notAllowed = scopes.filter((s) => available.get(s)?.allowed === false);
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
}

/**
 * Generates an access token for one of my application's keys with the scopes and validity I
 * choose, refusing scopes the application is not subscribed to or my roles do not allow, and
 * validity outside the admin's bounds. The token is returned this once.
 */
export async function generateToken(ctx: OperationContext, appId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(generateTokenInput, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  // the key manager would refuse the client anyway; say why in the developer's terms
  if (app.status === "PENDING" || app.status === "REJECTED")
    throw new AppError(
      "CONFLICT",
      app.status === "PENDING" ? `${app.name} waits for an admin's approval` : `${app.name} was rejected`,
      { status: app.status },
    );
  const client = await ctx.db.oAuthClient.findFirst({
    where: { applicationId: app.id, keyType: data.keyType, revokedAt: null },
  });
  if (!client)
    throw new AppError("VALIDATION_FAILED", `generate ${data.keyType.toLowerCase()} keys first`, {
      fields: [{ field: "keyType", message: "no keys for this key type" }],
    });
  if (!stringList(client.grantTypes).includes("client_credentials")) {
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
  await checkScopes(ctx, appId, data.scopes);
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
  return generatedTokenView.parse({
    accessToken: issued.access_token,
    tokenType: issued.token_type,
    expiresIn: issued.expires_in,
    scope: issued.scope ?? "",
  });
}
