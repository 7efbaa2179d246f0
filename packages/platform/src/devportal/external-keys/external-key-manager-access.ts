// What a developer may do at an external key manager: it must be enabled, and a grant type must
// be enabled platform-wide and not switched off for that key manager (as for the resident one).
import { decryptSecret } from "@portico/crypto";
import type { KeyManager } from "@portico/db";
import { checkKeyManagerEgress } from "../../admin/external-key-managers/discover-issuer";
import type { OperationContext } from "../../context";
import { AppError, notFound } from "../../errors";

/** An enabled external key manager, by name or id; 404 otherwise. */
export async function findExternalKeyManager(ctx: OperationContext, nameOrId: string): Promise<KeyManager> {
  const km = await ctx.db.keyManager.findFirst({
    where: { OR: [{ name: nameOrId }, { id: nameOrId }], type: "EXTERNAL", enabled: true },
  });
  if (!km) throw notFound("key manager");
  return km;
}

/** Grant types developers may use at this key manager. */
export async function grantTypesAllowedAt(ctx: OperationContext, km: KeyManager): Promise<Set<string>> {
  const [enabled, overrides] = await Promise.all([
    ctx.db.grantTypeSetting.findMany({ where: { enabled: true }, select: { name: true } }),
    ctx.db.keyManagerGrantType.findMany({ where: { keyManagerId: km.id } }),
  ]);
  const off = new Set(overrides.filter((o) => !o.enabled).map((o) => o.grantType));
  return new Set(enabled.map((g) => g.name).filter((n) => !n.startsWith("urn:portico:") && !off.has(n)));
}

/** 400 naming grantTypes when one is not allowed at this key manager. */
export async function checkGrantTypesAt(ctx: OperationContext, km: KeyManager, grantTypes: string[]) {
  const allowed = await grantTypesAllowedAt(ctx, km);
  const refused = grantTypes.filter((g) => !allowed.has(g));
  if (refused.length)
    throw new AppError("VALIDATION_FAILED", `grantTypes: not allowed at ${km.name}: ${refused.join(", ")}`, {
      fields: [{ field: "grantTypes", message: `not allowed at ${km.name}: ${refused.join(", ")}` }],
    });
}

/** An endpoint of the key manager, checked against the egress rules again (DNS may have changed). */
export async function keyManagerEndpoint(
  km: KeyManager,
  name: "tokenEndpoint" | "registrationEndpoint" | "introspectionEndpoint",
) {
  const url = km[name];
  if (!url)
    throw new AppError("VALIDATION_FAILED", `keyManager: ${km.name} has no ${name}`, {
      fields: [{ field: "keyManager", message: `${km.name} has no ${name}` }],
    });
  await checkKeyManagerEgress("keyManager", url);
  return url;
}

/** Portico's credentials at the key manager (for introspection), decrypted. */
export function keyManagerCredentials(ctx: OperationContext, km: KeyManager) {
  if (!km.clientId || !km.clientSecretEnc || !ctx.keyring) return undefined;
  return {
    clientId: km.clientId,
    secret: decryptSecret(ctx.keyring, km.clientSecretEnc, `key-manager:${km.id}`),
  };
}

export const basicAuthorization = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;

/** A JSON answer of the key manager, bounded in time and size. */
export async function callKeyManager(
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(5000) });
  } catch {
    throw new AppError("VALIDATION_FAILED", "keyManager: the key manager could not be reached", {
      fields: [{ field: "keyManager", message: "unreachable" }],
    });
  }
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed = text.length <= 256 * 1024 ? (JSON.parse(text) as unknown) : undefined;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {}
  return { status: res.status, body };
}

/** The key manager's OAuth error code, safe to show (a short token, never a description it wrote). */
export const oauthErrorCode = (body: Record<string, unknown>) =>
  typeof body.error === "string" && /^[a-z_]{1,64}$/.test(body.error) ? body.error : "an error";
