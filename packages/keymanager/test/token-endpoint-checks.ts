// The token endpoint's error tests' helpers, bound to one platform: a token request with the
// fixture client's Basic credentials, the refusal check (code, status, no-store, no stack, database
// unchanged) and an authorization code made straight in the database.
import { randomToken, sha256Base64Url, sha256Hex } from "@portico/crypto";
import { expect } from "vitest";
import { type Platform, REDIRECT_URI, snapshot } from "./fixture";

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

type Answer = {
  status: number;
  headers: { get(name: string): string | null };
  body: Record<string, string>;
  text?: string;
};

export function tokenEndpointChecks(platform: () => Platform) {
  async function post(body: string, headers: Record<string, string> = {}) {
    const p = platform();
    const res = await p.fetch(`${p.km.url}/oauth2/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: basic(p.client.clientId, p.client.secret),
        ...headers,
      },
      body,
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      body: JSON.parse(text) as Record<string, string>,
    };
  }

  /** Runs `request`, asserts the error and status, and that nothing in the database changed. */
  async function expectRefused<T extends Answer>(request: () => Promise<T>, error: string, status: number) {
    const p = platform();
    const before = await snapshot(p.db);
    const res = await request();
    expect(res.body.error).toBe(error);
    expect(res.status).toBe(status);
    expect(res.body.error_description).toBeTypeOf("string");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.text ?? "").not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
    expect(await snapshot(p.db)).toEqual(before);
    return res;
  }

  /** An authorization code straight in the database, as the authorize endpoint would make it. */
  async function makeCode(options: { expired?: boolean; verifier?: string } = {}) {
    const p = platform();
    const code = randomToken();
    const now = Date.now();
    await p.db.authorizationCode.create({
      data: {
        codeHash: sha256Hex(code),
        clientId: p.client.id,
        userId: p.developer.id,
        redirectUri: REDIRECT_URI,
        scope: "pizza:read",
        codeChallenge: options.verifier ? sha256Base64Url(options.verifier) : null,
        codeChallengeMethod: options.verifier ? "S256" : null,
        authTime: new Date(now),
        expiresAt: new Date(now + (options.expired ? -1000 : 60_000)),
      },
    });
    return code;
  }

  return { post, expectRefused, makeCode };
}
