// The sign-up abuse limit: forms counted per source address, checked and counted in one step so
// that forms sent in parallel, to one key manager or two sharing Redis, create no more accounts.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKeyManager } from "../src/index";
import { Browser, readForm } from "./browser";
import { createClient, type Platform, REDIRECT_URI, startPlatform } from "./fixture";
import { startRedis } from "./redis-server";

describe("sign-up abuse limit", () => {
  let limited: Platform;
  beforeAll(async () => {
    limited = await startPlatform({
      configuration: { limits: { signupPerAddress: { limit: 2, windowSeconds: 600 } } },
    });
    await limited.db.platformSetting.create({ data: { key: "signup.enabled", value: true } });
  });
  afterAll(async () => limited.close());

  it("answers 429 with Retry-After once an address has sent too many sign-up forms", async () => {
    const c = await createClient(limited.db, { grantTypes: ["authorization_code"], firstParty: true });
    const browser = new Browser(limited);
    const query = new URLSearchParams({
      response_type: "code",
      client_id: c.clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: createHash("sha256").update("x".repeat(43)).digest("base64url"),
      code_challenge_method: "S256",
    });
    const form = readForm((await browser.get(`${limited.km.url}/signup?${query}`)).html);
    const attempt = (username: string) =>
      browser.submit(form, { username, password: "short", password_confirm: "short" });
    expect((await attempt("one")).status).toBe(400);
    expect((await attempt("two")).status).toBe(400);
    const third = await browser.submit(form, {
      username: "three",
      password: "a-long-enough-password",
      password_confirm: "a-long-enough-password",
    });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(third.html).toMatch(/Too many sign-up attempts/);
    expect(await limited.db.user.count({ where: { username: "three" } })).toBe(0);
  });
});

describe("sign-up abuse limit under parallel sign-ups", () => {
  const LIMIT = 3;
  const FORMS = 40;
  const configuration = { limits: { signupPerAddress: { limit: LIMIT, windowSeconds: 600 } } };

  /** Sends FORMS valid sign-ups at once from one address, alternating between the key managers given. */
  async function signUpInParallel(p: Platform, urls: string[]) {
    await p.db.platformSetting.create({ data: { key: "signup.enabled", value: true } });
    const c = await createClient(p.db, { grantTypes: ["authorization_code"], firstParty: true });
    const browser = new Browser(p);
    const query = new URLSearchParams({
      response_type: "code",
      client_id: c.clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: createHash("sha256").update("x".repeat(43)).digest("base64url"),
      code_challenge_method: "S256",
    });
    const form = readForm((await browser.get(`${p.km.url}/signup?${query}`)).html);
    const password = "a-long-enough-password";
    const pages = await Promise.all(
      Array.from({ length: FORMS }, (_, i) =>
        browser.submit(
          { ...form, action: form.action.replace(p.km.url, urls[i % urls.length] as string) },
          { username: `bulk-${i}`, password, password_confirm: password },
        ),
      ),
    );
    const statuses: Record<number, number> = {};
    for (const page of pages) statuses[page.status] = (statuses[page.status] ?? 0) + 1;
    return statuses;
  }

  it(`creates at most ${LIMIT} accounts of ${FORMS} sent at once (in process)`, async () => {
    const p = await startPlatform({ configuration });
    try {
      expect(await signUpInParallel(p, [p.km.url])).toEqual({ 303: LIMIT, 429: FORMS - LIMIT });
      expect(await p.db.user.count({ where: { username: { startsWith: "bulk-" } } })).toBe(LIMIT);
    } finally {
      await p.close();
    }
  });

  it(`creates at most ${LIMIT} accounts of ${FORMS} sent at once to two replicas (Redis)`, async () => {
    const redis = await startRedis();
    const first = await startPlatform({ redisUrl: redis.url, configuration });
    const second = await startKeyManager({
      databaseUrl: first.databaseUrl,
      dataDir: first.dataDir,
      port: 0,
      audience: "https://gateway.example.test",
      logLevel: "error",
      redisUrl: redis.url,
      configuration: { settingsCacheMs: 0, ...configuration },
    });
    try {
      expect(await signUpInParallel(first, [first.km.url, second.url])).toEqual({
        303: LIMIT,
        429: FORMS - LIMIT,
      });
      expect(await first.db.user.count({ where: { username: { startsWith: "bulk-" } } })).toBe(LIMIT);
    } finally {
      await second.close();
      await first.close();
      await redis.stop();
    }
  });
});
