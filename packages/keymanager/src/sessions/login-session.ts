// The key manager's own browser session: a random cookie value, stored only as its SHA-256 in
// LoginSession. The cookie is __Host- prefixed (Secure, Path=/, no Domain), HttpOnly, SameSite=Lax.
import { createHmac } from "node:crypto";
import { constantTimeEqual, randomToken, sha256Hex } from "@portico/crypto";
import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";

export const SESSION_COOKIE = "__Host-portico-session";
export const CSRF_COOKIE = "__Host-portico-csrf";

export async function currentSession(km: KeyManager, ex: Exchange) {
  const value = ex.cookie(SESSION_COOKIE);
  if (!value) return null;
  const session = await km.db.loginSession.findUnique({
    where: { sessionHash: sha256Hex(value) },
    include: { user: true },
  });
  if (!session || session.endedAt || session.expiresAt <= km.now() || session.user.disabled) return null;
  return session;
}

export type LoginSessionRecord = NonNullable<Awaited<ReturnType<typeof currentSession>>>;

export async function startSession(
  km: KeyManager,
  ex: Exchange,
  userId: string,
): Promise<LoginSessionRecord> {
  const value = randomToken();
  const now = km.now();
  const session = await km.db.loginSession.create({
    data: {
      sessionHash: sha256Hex(value),
      userId,
      authTime: now,
      expiresAt: new Date(now.getTime() + km.config.loginSessionSeconds * 1000),
    },
    include: { user: true },
  });
  await km.db.user.update({ where: { id: userId }, data: { lastLoginAt: now } });
  ex.setCookie(SESSION_COOKIE, value, { maxAge: km.config.loginSessionSeconds });
  return session;
}

export async function endSession(km: KeyManager, ex: Exchange): Promise<string | null> {
  const value = ex.cookie(SESSION_COOKIE);
  ex.setCookie(SESSION_COOKIE, "", { maxAge: 0 });
  if (!value) return null;
  const session = await km.db.loginSession.findUnique({ where: { sessionHash: sha256Hex(value) } });
  if (!session || session.endedAt) return null;
  await km.db.loginSession.update({ where: { id: session.id }, data: { endedAt: km.now() } });
  return session.id;
}

function csrfFor(km: KeyManager, cookieValue: string): string {
  return createHmac("sha256", km.keyring.current.key).update(`csrf:${cookieValue}`).digest("base64url");
}

/** The CSRF token to embed in a form, setting the CSRF cookie it is bound to when missing. */
export function csrfToken(km: KeyManager, ex: Exchange): string {
  let value = ex.cookie(CSRF_COOKIE);
  if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
    value = randomToken();
    ex.setCookie(CSRF_COOKIE, value);
  }
  return csrfFor(km, value);
}

/** Double-submit check: the form's token must be the HMAC of this browser's CSRF cookie. */
export function checkCsrf(km: KeyManager, ex: Exchange, token: string | undefined): boolean {
  const value = ex.cookie(CSRF_COOKIE);
  return Boolean(value && token && constantTimeEqual(csrfFor(km, value), token));
}
