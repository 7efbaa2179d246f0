// Dynamic client registration tests share this: a key manager with registration switched on
// (each test file its own), and small helpers that send what a registering client would.
import { randomToken, sha256Hex } from "@portico/crypto";
import { type Platform, startPlatform } from "./fixture";

export interface RegistrationPlatform {
  p: Platform;
  setPolicy(policy: Record<string, unknown> | null): Promise<void>;
  initialAccessToken(options?: {
    uses?: number | null;
    expiresInMs?: number;
    revoked?: boolean;
  }): Promise<{ token: string; id: string }>;
  register(
    body: unknown,
    token?: string,
    contentType?: string,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  manage(
    method: string,
    uri: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  registeredClients(): Promise<number>;
}

export const goodMetadata = {
  client_name: "Weather widget",
  redirect_uris: ["https://widget.example.test/cb"],
  grant_types: ["authorization_code", "refresh_token", "client_credentials"],
  token_endpoint_auth_method: "client_secret_basic",
};

/** A key manager on a scratch database; registration is on (an empty policy over the defaults) until a test says otherwise. */
export async function startRegistrationPlatform(): Promise<RegistrationPlatform> {
  const p = await startPlatform();
  return {
    p,
    async setPolicy(policy) {
      if (policy === null) {
        await p.db.platformSetting.deleteMany({ where: { key: "registration.policy" } });
        return;
      }
      const value = { enabled: true, redirectUriHosts: [], ...policy };
      await p.db.platformSetting.upsert({
        where: { key: "registration.policy" },
        create: { key: "registration.policy", value },
        update: { value },
      });
    },
    /** What an admin's issuing an initial access token leaves in the database. */
    async initialAccessToken(options = {}) {
      const token = randomToken(32);
      const row = await p.db.initialAccessToken.create({
        data: {
          tokenHash: sha256Hex(token),
          hint: token.slice(-4),
          expiresAt: new Date(Date.now() + (options.expiresInMs ?? 3_600_000)),
          remainingUses: options.uses === undefined ? 1 : options.uses,
          revokedAt: options.revoked ? new Date() : null,
        },
      });
      return { token, id: row.id };
    },
    async register(body, token, contentType = "application/json") {
      const res = await p.fetch(`${p.km.url}/oauth2/register`, {
        method: "POST",
        headers: { "content-type": contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        headers: res.headers as unknown as Headers,
      };
    },
    async manage(method, uri, token, body) {
      const res = await p.fetch(uri, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    registeredClients: () => p.db.oAuthClient.count({ where: { registrationTokenHash: { not: null } } }),
  };
}
