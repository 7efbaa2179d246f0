// RFC 8628's two codes and their row. The device code is a 256-bit random value; the user code is
// 8 characters from the 20 consonants of RFC 8628 6.1 (no vowels, so no words; no digits, so
// nothing to confuse with letters), shown as XXXX-XXXX: about 34.5 bits, guessed only through the
// verification page, whose wrong entries count against the sign-in limits. Both are stored as
// SHA-256 hashes only.
import { randomInt } from "node:crypto";
import { randomToken, sha256Hex } from "@portico/crypto";
import type { KeyManager } from "../key-manager";

export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
export const DEVICE_AUTHORIZATION_PATH = "/oauth2/device_authorization";
export const DEVICE_VERIFICATION_PATH = "/oauth2/device";

/** RFC 8628 6.1: base-20, no vowels. */
export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
const USER_CODE_LENGTH = 8;
/** RFC 8628 3.2 `expires_in`: the user has 10 minutes to approve. */
export const DEVICE_CODE_LIFETIME_SECONDS = 600;
/** RFC 8628 3.2 `interval`: the default (and minimum) seconds between polls. */
export const DEVICE_POLL_INTERVAL_SECONDS = 5;

export function generateUserCode(): string {
  let code = "";
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * A user code as typed: case, spaces and dashes do not matter (RFC 8628 6.1). Null when it cannot
 * be one of ours, so a malformed entry never reaches the database.
 */
export function normalizeUserCode(typed: string | undefined): string | null {
  if (typed === undefined || typed.length > 64) return null;
  const code = typed.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== USER_CODE_LENGTH) return null;
  for (const c of code) if (!USER_CODE_ALPHABET.includes(c)) return null;
  return code;
}

export function formatUserCode(normalized: string): string {
  return `${normalized.slice(0, 4)}-${normalized.slice(4)}`;
}

export function hashUserCode(normalized: string): string {
  return sha256Hex(`user-code:${normalized}`);
}

export function hashDeviceCode(deviceCode: string): string {
  return sha256Hex(`device-code:${deviceCode}`);
}

export function verificationUri(issuer: string): string {
  return `${issuer.replace(/\/$/, "")}${DEVICE_VERIFICATION_PATH}`;
}

export interface NewDeviceAuthorization {
  deviceCode: string;
  userCode: string;
  expiresIn: number;
  interval: number;
}

/** Stores a new pending authorization; a user-code collision (1 in 2.5e10) draws again. */
export async function createDeviceAuthorization(
  km: KeyManager,
  input: { clientId: string; scope: string[] },
): Promise<NewDeviceAuthorization> {
  const deviceCode = randomToken(32);
  const expiresAt = new Date(km.now().getTime() + DEVICE_CODE_LIFETIME_SECONDS * 1000);
  for (let attempt = 0; ; attempt++) {
    const userCode = generateUserCode();
    const normalized = normalizeUserCode(userCode) as string;
    try {
      await km.db.deviceCode.create({
        data: {
          deviceCodeHash: hashDeviceCode(deviceCode),
          userCodeHash: hashUserCode(normalized),
          clientId: input.clientId,
          scope: input.scope.join(" "),
          interval: DEVICE_POLL_INTERVAL_SECONDS,
          expiresAt,
        },
      });
      return {
        deviceCode,
        userCode,
        expiresIn: DEVICE_CODE_LIFETIME_SECONDS,
        interval: DEVICE_POLL_INTERVAL_SECONDS,
      };
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002" || attempt >= 3) throw error;
    }
  }
}

/** The pending authorization a user code names, or null (unknown, expired or already decided). */
export async function findPendingByUserCode(km: KeyManager, normalized: string) {
  const row = await km.db.deviceCode.findUnique({ where: { userCodeHash: hashUserCode(normalized) } });
  if (row?.status !== "PENDING" || row.expiresAt <= km.now()) return null;
  return row;
}

export type PendingDeviceAuthorization = NonNullable<Awaited<ReturnType<typeof findPendingByUserCode>>>;

/**
 * Rows an hour past their expiry go (called when new ones are made); until then a device polling
 * late still hears `expired_token` rather than `invalid_grant`.
 */
export async function deleteExpiredDeviceCodes(km: KeyManager): Promise<void> {
  await km.db.deviceCode.deleteMany({
    where: { expiresAt: { lt: new Date(km.now().getTime() - 3600_000) } },
  });
}
