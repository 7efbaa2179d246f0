import { stringList } from "@portico/db";
import { z } from "zod";
import type { OperationContext } from "../../context";
import { AppError, notFound } from "../../errors";

export const keyType = z.enum(["PRODUCTION", "SANDBOX"]);

export const callbackUrl = z
  .url("must be an absolute URL")
  .refine(
    (u) => /^https:\/\//.test(u) || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//.test(u),
    "https, or http on a loopback address",
  )
  .refine((u) => !u.includes("#"), "no fragment (RFC 6749 3.1.2)");

/** A secret as its owner sees it: never the secret, only its last four characters. */
export const keySecretView = z.object({
  id: z.string(),
  hint: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  expired: z.boolean(),
});

/** One key type's consumer key, its settings and its unrevoked secrets. */
export const keysView = z.object({
  keyType: z.string(),
  consumerKey: z.string(),
  grantTypes: z.array(z.string()),
  callbackUrls: z.array(z.string()),
  pkceRequired: z.boolean(),
  /** how the client authenticates at the token endpoint (RFC 8705 adds the two certificate methods) */
  tokenEndpointAuthMethod: z.string(),
  createdAt: z.string(),
  secrets: z.array(keySecretView),
});
export type KeysView = z.infer<typeof keysView>;

type ClientRow = {
  clientId: string;
  keyType: string;
  grantTypes: unknown;
  redirectUris: unknown;
  pkceRequired: boolean;
  tokenEndpointAuthMethod: string;
  createdAt: Date;
  secrets: Array<{
    id: string;
    hint: string;
    createdAt: Date;
    expiresAt: Date | null;
    revokedAt: Date | null;
  }>;
};

export function toKeysView(c: ClientRow, now: Date): KeysView {
  return keysView.parse({
    keyType: c.keyType,
    consumerKey: c.clientId,
    grantTypes: stringList(c.grantTypes),
    callbackUrls: stringList(c.redirectUris),
    pkceRequired: c.pkceRequired,
    tokenEndpointAuthMethod: c.tokenEndpointAuthMethod,
    createdAt: c.createdAt.toISOString(),
    secrets: c.secrets
      .filter((s) => !s.revokedAt)
      .map((s) => ({
        id: s.id,
        hint: `…${s.hint}`,
        createdAt: s.createdAt.toISOString(),
        expiresAt: s.expiresAt?.toISOString() ?? null,
        expired: Boolean(s.expiresAt && s.expiresAt.getTime() <= now.getTime()),
      })),
  });
}

/** An application's unrevoked keys of one type, with their secrets oldest first, or 404. */
export async function findKeys(ctx: OperationContext, appId: string, type: z.infer<typeof keyType>) {
  const client = await ctx.db.oAuthClient.findFirst({
    where: { applicationId: appId, keyType: type, revokedAt: null },
    include: { secrets: { orderBy: { createdAt: "asc" } } },
  });
  if (!client) throw notFound(`${type.toLowerCase()} keys`);
  return client;
}

/** Grant types an application may be given: enabled platform-wide, never a portal-internal one. */
export async function checkGrantTypes(
  ctx: OperationContext,
  grantTypes: string[],
  callbackUrls: string[] | undefined,
) {
  const enabled = await ctx.db.grantTypeSetting.findMany({ where: { enabled: true } });
  const allowed = new Set(enabled.map((g) => g.name).filter((n) => !n.startsWith("urn:portico:")));
  const refused = grantTypes.filter((g) => !allowed.has(g));
  if (refused.length) {
    throw new AppError(
      "VALIDATION_FAILED",
      `grant type(s) not enabled on this platform: ${refused.join(", ")}`,
      {
        fields: [{ field: "grantTypes", message: `not enabled: ${refused.join(", ")}` }],
        allowed: [...allowed],
      },
    );
  }
  if (grantTypes.includes("authorization_code") && callbackUrls !== undefined && callbackUrls.length === 0) {
    throw new AppError("VALIDATION_FAILED", "the authorization code grant needs a callback URL", {
      fields: [{ field: "callbackUrls", message: "add a callback URL for the authorization code grant" }],
    });
  }
}
