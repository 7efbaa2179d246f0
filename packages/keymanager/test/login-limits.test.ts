// Failed sign-in limits against parallel guessing: every attempt is reserved against the limit
// before its password (or Windows / Kerberos proof) is verified, so a burst of guesses sent at
// once gets no more verifications than the limit allows, in process and through Redis.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { encryptSecret } from "@portico/crypto";
import { computeNtHash } from "@portico/enterprise-auth";
import { createType1Message, createType3Message, parseType2Message } from "httpntlm/ntlm.js";
import { Agent, fetch } from "undici";
import { describe, expect, it } from "vitest";
import { startKeyManager } from "../src/index";
import { Browser, readForm } from "./browser";
import { createClient, type Platform, PROVIDERS, startPlatform } from "./fixture";
import { frozenClock } from "./frozen-clock";
import { startRedis } from "./redis-server";

/**
 * Guesses per burst. The reservations live in process or in Redis, whatever the database; on
 * PostgreSQL a smaller burst (still 20 times the limit) keeps the suite quick.
 */
const GUESSES = { sqlite: 300, postgresql: 100 } as const;
const REALM = "CORP.EXAMPLE.TEST";
const LIMIT = 5;

/**
 * Sends every form at once to the token endpoint(s) with the fixture client, over at most 16
 * connections (hundreds of simultaneous TLS handshakes only time out on a small, busy machine;
 * 16 requests in flight are plenty to race the limiter).
 */
async function inParallel(p: Platform, forms: Array<{ form: Record<string, string>; url?: string }>) {
  const dispatcher = new Agent({
    connect: { ca: readFileSync(path.join(p.dataDir, "tls", "ca.pem"), "utf8"), timeout: 60_000 },
    connections: 16,
  });
  const basic = Buffer.from(`${p.client.clientId}:${p.client.secret}`).toString("base64");
  try {
    return await Promise.all(
      forms.map(async ({ form, url }) => {
        const res = await fetch(`${url ?? p.km.url}/oauth2/token`, {
          method: "POST",
          dispatcher,
          headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(form).toString(),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      }),
    );
  } finally {
    await dispatcher.close();
  }
}

function tally(statuses: Array<{ status: number; body: Record<string, unknown> }>) {
  const counts: Record<string, number> = {};
  for (const r of statuses) {
    const key = `${r.status} ${r.body.error}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe.each(PROVIDERS)("on %s", (provider) => {
  const guesses = GUESSES[provider];
  describe("the password grant under parallel guessing", () => {
    it(`lets at most ${LIMIT} of ${guesses} parallel wrong guesses be checked (in process); the rest get 429`, {
      timeout: 120_000,
    }, async () => {
      const p = await startPlatform({
        provider,
        now: frozenClock(),
        configuration: { limits: { loginPerUsername: { limit: LIMIT, windowSeconds: 60 } } },
      });
      try {
        const answers = await inParallel(
          p,
          Array.from({ length: guesses }, (_, i) => ({
            form: { grant_type: "password", username: "dev", password: `wrong-${i}` },
          })),
        );
        expect(tally(answers)).toEqual({ "400 invalid_grant": LIMIT, "429 slow_down": guesses - LIMIT });
        // the username stays locked, even for the right password
        const locked = await p.token({
          grant_type: "password",
          username: "dev",
          password: p.developer.password,
        });
        expect(locked.status).toBe(429);
        // a success gives its reservation back: another user signs in more often than the limit
        for (let i = 0; i < LIMIT + 2; i++) {
          const ok = await p.token({ grant_type: "password", username: "root", password: p.admin.password });
          expect(ok.status).toBe(200);
        }
      } finally {
        await p.close();
      }
    });

    it(`lets at most ${LIMIT} of ${guesses} parallel wrong guesses spread over two replicas be checked (Redis)`, {
      timeout: 120_000,
    }, async () => {
      const redis = await startRedis();
      const configuration = { limits: { loginPerUsername: { limit: LIMIT, windowSeconds: 60 } } };
      const now = frozenClock();
      const first = await startPlatform({ provider, redisUrl: redis.url, configuration, now });
      const second = await startKeyManager({
        databaseUrl: first.databaseUrl,
        dataDir: first.dataDir,
        port: 0,
        audience: "https://gateway.example.test",
        logLevel: "error",
        redisUrl: redis.url,
        now,
        configuration: { settingsCacheMs: 0, ...configuration },
      });
      try {
        const answers = await inParallel(
          first,
          Array.from({ length: guesses }, (_, i) => ({
            form: { grant_type: "password", username: "dev", password: `wrong-${i}` },
            url: i % 2 ? second.url : first.km.url,
          })),
        );
        expect(tally(answers)).toEqual({ "400 invalid_grant": LIMIT, "429 slow_down": guesses - LIMIT });
        for (const url of [first.km.url, second.url]) {
          const locked = await first.token(
            { grant_type: "password", username: "dev", password: first.developer.password },
            undefined,
            url,
          );
          expect(locked.status).toBe(429);
        }
        // successes give their reservation back in Redis too
        for (let i = 0; i < LIMIT + 2; i++) {
          const ok = await first.token(
            { grant_type: "password", username: "root", password: first.admin.password },
            undefined,
            i % 2 ? second.url : first.km.url,
          );
          expect(ok.status).toBe(200);
        }
      } finally {
        await second.close();
        await first.close();
        await redis.stop();
      }
    });
  });

  describe("the sign-in form under parallel guessing", () => {
    it("lets at most the per-address limit of parallel wrong sign-ins be checked; the rest get the 429 page", async () => {
      const p = await startPlatform({
        provider,
        now: frozenClock(),
        configuration: { limits: { loginPerAddress: { limit: LIMIT, windowSeconds: 60 } } },
      });
      try {
        const url = `${p.km.url}/oauth2/authorize?${new URLSearchParams({
          client_id: p.client.clientId,
          redirect_uri: "https://app.example.test/callback",
          response_type: "code",
        })}`;
        const browser = new Browser(p);
        const form = readForm((await browser.get(url)).html);
        const pages = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            browser.submit(form, { username: i % 2 ? "dev" : "root", password: `wrong-${i}` }),
          ),
        );
        const statuses: Record<number, number> = {};
        for (const page of pages) statuses[page.status] = (statuses[page.status] ?? 0) + 1;
        expect(statuses).toEqual({ 401: LIMIT, 429: 100 - LIMIT });
        expect(pages.find((page) => page.status === 429)?.html).toContain("Too many sign-in attempts");
        expect(browser.has("__Host-portico-session")).toBe(false);
      } finally {
        await p.close();
      }
    });
  });

  describe("Windows (NTLM) and Kerberos failures count as failed sign-ins", () => {
    const NTLM = "iwa:ntlm";
    const password = `Win-${randomBytes(9).toString("base64url")}`;

    async function platformWith(limits: Parameters<typeof startPlatform>[0]) {
      const p = await startPlatform({ provider, ...limits });
      for (const name of [NTLM, "kerberos"])
        await p.db.grantTypeSetting.update({ where: { name }, data: { enabled: true } });
      const client = await createClient(p.db, {
        applicationId: p.application.id,
        keyType: "SANDBOX",
        grantTypes: ["client_credentials", NTLM, "kerberos"],
      });
      return { p, client };
    }

    it("counts wrong Windows passwords per user (challenge rounds do not count): then even the right one gets 429", async () => {
      const { p, client } = await platformWith({
        now: frozenClock(),
        configuration: { limits: { loginPerUsername: { limit: 3, windowSeconds: 60 } } },
      });
      try {
        const idp = await p.db.identityProvider.create({
          data: { name: "corp-windows", type: "NTLM", issuer: "CORP" },
        });
        const winnie = await p.db.user.create({ data: { username: "winnie" } });
        await p.db.federatedIdentity.create({
          data: { providerId: idp.id, subject: "winnie", userId: winnie.id },
        });
        await p.db.user.update({
          where: { id: winnie.id },
          data: {
            ntHashEnc: encryptSecret(
              p.km.keyManager.keyring,
              computeNtHash(password).toString("hex"),
              `user-nt-hash:${winnie.id}`,
            ),
          },
        });
        const attempt = async (secret: string) => {
          const type1 = createType1Message({ domain: "CORP", workstation: "WS1" }).slice(5);
          const round1 = await p.token({ grant_type: NTLM, windows_token: type1 }, client);
          const [, type2, challengeId] =
            /windows_token=(\S+) ntlm_challenge_id=(\S+)$/.exec(String(round1.body.error_description)) ?? [];
          const parsed = parseType2Message(`NTLM ${type2}`, (error) => {
            if (error) throw error;
          });
          const type3 = createType3Message(parsed, {
            username: "Winnie",
            password: secret,
            domain: "CORP",
            workstation: "WS1",
          });
          return p.token(
            { grant_type: NTLM, windows_token: type3.slice(5), ntlm_challenge_id: challengeId as string },
            client,
          );
        };
        expect((await attempt(password)).status).toBe(200);
        const wrong = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => attempt(`${password}-${i}`)));
        expect(tally(wrong)).toEqual({ "400 invalid_grant": 3, "429 slow_down": 3 });
        expect((await attempt(password)).status).toBe(429);
      } finally {
        await p.close();
      }
    });

    it("counts refused Kerberos tokens per address", async () => {
      const { p, client } = await platformWith({
        now: frozenClock(),
        configuration: { limits: { loginPerAddress: { limit: 3, windowSeconds: 60 } } },
      });
      try {
        // tokens that are not Kerberos at all are refused before the keytab is used: any keytab will do
        const idp = await p.db.identityProvider.create({
          data: { name: "corp-kerberos", type: "KERBEROS", issuer: REALM, audience: "HTTP/localhost" },
        });
        const keytab = randomBytes(64).toString("base64");
        await p.db.identityProvider.update({
          where: { id: idp.id },
          data: { keytabEnc: encryptSecret(p.km.keyManager.keyring, keytab, `identity-provider:${idp.id}`) },
        });
        const answers = await Promise.all(
          [1, 2, 3, 4, 5, 6].map((i) =>
            p.token(
              {
                grant_type: "kerberos",
                kerberos_realm: REALM,
                kerberos_token: Buffer.from(`not a kerberos token ${i}`).toString("base64"),
              },
              client,
            ),
          ),
        );
        expect(tally(answers)).toEqual({ "400 invalid_grant": 3, "429 slow_down": 3 });
      } finally {
        await p.close();
      }
    });
  });
});
