// Finds what a presented token is: one of our JWT access tokens (signature checked, then its row
// by jti), an opaque access token or a refresh token (by SHA-256).
import { looksLikeJwt, opaqueTokenHash } from "@portico/tokens";
import { compactVerify, decodeProtectedHeader, importJWK } from "jose";
import type { KeyManager } from "../key-manager";

async function jtiOfSignedJwt(km: KeyManager, token: string): Promise<string | undefined> {
  try {
    const header = decodeProtectedHeader(token);
    if (!header.kid || !header.alg) return undefined;
    const key = await km.keys.verificationKey(header.kid);
    if (!key || key.alg !== header.alg) return undefined;
    const { payload } = await compactVerify(token, await importJWK(key.publicJwk, key.alg), {
      algorithms: [key.alg],
    });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as { jti?: unknown; iss?: unknown };
    return claims.iss === km.issuer && typeof claims.jti === "string" ? claims.jti : undefined;
  } catch {
    return undefined;
  }
}

const accessInclude = {
  client: true,
  user: true,
  application: { select: { owner: { select: { disabled: true } } } },
} as const;

export async function findAccessToken(km: KeyManager, token: string) {
  if (looksLikeJwt(token)) {
    const jti = await jtiOfSignedJwt(km, token);
    return jti ? km.db.accessToken.findUnique({ where: { jti }, include: accessInclude }) : null;
  }
  return km.db.accessToken.findUnique({
    where: { tokenHash: opaqueTokenHash(token) },
    include: accessInclude,
  });
}

export async function findRefreshTokenRow(km: KeyManager, token: string) {
  if (looksLikeJwt(token)) return null;
  return km.db.refreshToken.findUnique({
    where: { tokenHash: opaqueTokenHash(token) },
    include: { family: { include: { client: true, user: true } } },
  });
}

export type FoundToken =
  | { kind: "access_token"; row: NonNullable<Awaited<ReturnType<typeof findAccessToken>>> }
  | { kind: "refresh_token"; row: NonNullable<Awaited<ReturnType<typeof findRefreshTokenRow>>> };

/** RFC 7009 2.1 / RFC 7662 2.1: the hint decides the lookup order, not the outcome. */
export async function findToken(
  km: KeyManager,
  token: string,
  hint: string | undefined,
): Promise<FoundToken | null> {
  const order =
    hint === "refresh_token"
      ? (["refresh_token", "access_token"] as const)
      : (["access_token", "refresh_token"] as const);
  for (const kind of order) {
    if (kind === "access_token") {
      const row = await findAccessToken(km, token);
      if (row) return { kind, row };
    } else {
      const row = await findRefreshTokenRow(km, token);
      if (row) return { kind, row };
    }
  }
  return null;
}
