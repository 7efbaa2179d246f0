// The abuse limits of the token endpoint and the sign-in page: in process, and shared between
// replicas through Redis (with the in-process fallback while Redis is away).
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { startKeyManager } from "../src/index";
import { Browser, readForm } from "./browser";
import { type Platform, PROVIDERS, startPlatform } from "./fixture";
import { frozenClock } from "./frozen-clock";
import { startRedis } from "./redis-server";

describe("abuse limits", () => {
  it("answers 429 with Retry-After past the per-client and per-address token limits", async () => {
    const limited = await startPlatform({
      configuration: {
        limits: {
          tokenPerClient: { limit: 3, windowSeconds: 60 },
          tokenPerAddress: { limit: 5, windowSeconds: 60 },
        },
      },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await limited.token({ grant_type: "client_credentials" })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await limited.token({ grant_type: "client_credentials" });
      expect(refused.body.error).toBe("slow_down");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      // the address limit counts every request, whoever the client
      const anonymous = await limited.token({ grant_type: "client_credentials" }, null);
      expect(anonymous.status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it.each(PROVIDERS)(
    "counts the client's address, read from X-Forwarded-For only behind a trusted proxy (PORTICO_TRUSTED_PROXIES), on %s",
    async (provider) => {
      const limits = { tokenPerAddress: { limit: 2, windowSeconds: 60 } };
      const statuses = async (p: Platform, forwardedFor: string[]) => {
        const out: number[] = [];
        for (const address of forwardedFor) {
          const res = await p.fetch(`${p.km.url}/oauth2/token`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address },
            body: "grant_type=client_credentials",
          });
          await res.arrayBuffer();
          out.push(res.status);
        }
        return out;
      };
      const direct = await startPlatform({ provider, configuration: { limits } });
      try {
        // no trusted proxy: a caller cannot escape the limit by writing another address each time
        expect(await statuses(direct, ["198.51.100.1", "198.51.100.2", "198.51.100.3"])).toEqual([
          401, 401, 429,
        ]);
      } finally {
        await direct.close();
      }
      const proxied = await startPlatform({
        provider,
        configuration: { limits },
        trustedProxies: "127.0.0.0/8, ::1",
      });
      try {
        // behind the proxy, the address it appended counts, whatever the client wrote before it
        expect(
          await statuses(proxied, [
            "203.0.113.1",
            "1.1.1.1, 203.0.113.1",
            "2.2.2.2, 203.0.113.1",
            "203.0.113.2",
          ]),
        ).toEqual([401, 401, 429, 401]);
      } finally {
        await proxied.close();
      }
    },
  );

  it("limits sign-in attempts per username on the login page", async () => {
    const limited = await startPlatform({
      configuration: { limits: { loginPerUsername: { limit: 2, windowSeconds: 60 } } },
    });
    try {
      const browser = new Browser(limited);
      const url = `${limited.km.url}/oauth2/authorize?${new URLSearchParams({
        client_id: limited.client.clientId,
        redirect_uri: "https://app.example.test/callback",
        response_type: "code",
      })}`;
      const statuses: number[] = [];
      let page = await browser.get(url);
      for (let i = 0; i < 3; i++) {
        page = await browser.submit(readForm(page.html), { username: "dev", password: "wrong" });
        statuses.push(page.status);
      }
      expect(statuses).toEqual([401, 401, 429]);
      expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);
      // the right password does not get through while the username is locked
      page = await browser.submit(readForm(page.html), {
        username: "dev",
        password: limited.developer.password,
      });
      expect(page.status).toBe(429);
      expect(browser.has("__Host-portico-session")).toBe(false);
      // other users (same address, under its own limit) still sign in, and successes are not counted
      for (let i = 0; i < 3; i++) {
        const fresh = new Browser(limited);
        const form = await fresh.get(url);
        const signedIn = await fresh.submit(readForm(form.html), {
          username: "root",
          password: limited.admin.password,
        });
        expect(signedIn.status).toBe(200);
        expect(fresh.has("__Host-portico-session")).toBe(true);
      }
    } finally {
      await limited.close();
    }
  });
});

describe("abuse limits shared through Redis", () => {
  it("counts failed sign-ins and token requests across replicas, and still limits in process without Redis", async () => {
    const redis = await startRedis();
    const configuration = {
      limits: {
        loginPerUsername: { limit: 2, windowSeconds: 60 },
        tokenPerClient: { limit: 7, windowSeconds: 60 },
      },
    };
    // one clock for both replicas, so no window rolls over between the counts checked below
    const now = frozenClock();
    const first = await startPlatform({ redisUrl: redis.url, configuration, now });
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
    const on = (km: { url: string }) => (form: Record<string, string>) =>
      first.token(form, undefined, km.url);
    const [a, b] = [on(first.km), on(second)];
    const password = (secret: string) => ({ grant_type: "password", username: "dev", password: secret });
    try {
      // two wrong passwords, one per replica, use up the username's limit on both
      const guesses = [await a(password("wrong-1")), await b(password("wrong-2"))];
      expect(guesses.map((r) => [r.status, r.body.error])).toEqual([
        [400, "invalid_grant"],
        [400, "invalid_grant"],
      ]);
      for (const replica of [a, b]) {
        const locked = await replica(password(first.developer.password));
        expect([locked.status, locked.body.error]).toEqual([429, "slow_down"]);
      }
      // the client's token requests are counted together too: 4 above, 3 more, then refused
      const statuses: number[] = [];
      for (const replica of [b, a, b, a])
        statuses.push((await replica({ grant_type: "client_credentials" })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      // nothing readable about the user or client is kept in Redis
      const probe = new Redis(redis.url);
      const keys = await probe.keys("portico:abuse:*");
      probe.disconnect();
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.join(" ")).not.toMatch(/dev|127\.0\.0\.1|client/);

      // Redis goes away: each replica counts on its own, the limit still holds
      // (a check sent before a replica notices the closed socket fails too, and falls back the same)
      await redis.stop();
      const alone = [
        await a(password("wrong-3")),
        await a(password("wrong-4")),
        await a(password("wrong-5")),
      ];
      expect(alone.map((r) => r.status)).toEqual([400, 400, 429]);
    } finally {
      await redis.stop();
      await second.close();
      await first.close();
    }
  });
});
