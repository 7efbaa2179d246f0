// RFC 8628 device authorization grant, driven by openid-client 6 (initiateDeviceAuthorization,
// pollDeviceAuthorizationGrant) as the device while the test fills the verification page over
// real HTTPS. Time is a clock the test moves, so slow_down and expired_token need no waiting.
import { decodeJwt } from "jose";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEVICE_CODE_GRANT, USER_CODE_ALPHABET } from "../src/grants/device-code-store";
import { Browser, readForm } from "./browser";
import { createClient, type Platform, startPlatform } from "./fixture";

let p: Platform;
let clock = Date.now();
let cli: oidc.Configuration;

beforeAll(async () => {
  p = await startPlatform({ now: () => new Date(clock) });
  const customFetch: oidc.CustomFetch = (url, options) =>
    p.fetch(url, options as never) as unknown as Promise<Response>;
  cli = await oidc.discovery(new URL(p.km.url), "portico-cli", undefined, oidc.None(), {
    [oidc.customFetch]: customFetch,
  });
  cli[oidc.customFetch] = customFetch;
});
afterAll(async () => p.close());

async function post(
  path: string,
  form: Record<string, string>,
  basic?: { clientId: string; secret: string },
) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (basic)
    headers.authorization = `Basic ${Buffer.from(`${basic.clientId}:${basic.secret}`).toString("base64")}`;
  const res = await p.fetch(`${p.km.url}${path}`, {
    method: "POST",
    headers,
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

function startDevice(scope = "openid portico:api_view portico:admin") {
  return post("/oauth2/device_authorization", { client_id: "portico-cli", scope });
}

function poll(deviceCode: string) {
  return post("/oauth2/token", {
    grant_type: DEVICE_CODE_GRANT,
    client_id: "portico-cli",
    device_code: deviceCode,
  });
}

/** The verification page up to the consent form: the code, then the sign-in form when there is no session. */
async function reachConsent(browser: Browser, userCode: string, user = p.developer) {
  const entry = await browser.get(`${p.km.url}/oauth2/device?user_code=${encodeURIComponent(userCode)}`);
  expect(entry.status).toBe(200);
  const afterCode = await browser.submit(readForm(entry.html), { user_code: userCode });
  if (!afterCode.html.includes('name="password"')) return afterCode;
  return browser.submit(readForm(afterCode.html), { username: user.username, password: user.password });
}

describe("device authorization grant", () => {
  it("is advertised, and openid-client gets tokens once the user approves on the page", async () => {
    const metadata = cli.serverMetadata();
    expect(metadata.device_authorization_endpoint).toBe(`${p.km.url}/oauth2/device_authorization`);
    expect(metadata.grant_types_supported).toContain(DEVICE_CODE_GRANT);

    const device = await oidc.initiateDeviceAuthorization(cli, {
      scope: "openid portico:api_view portico:admin",
    });
    expect(device.user_code).toMatch(new RegExp(`^[${USER_CODE_ALPHABET}]{4}-[${USER_CODE_ALPHABET}]{4}$`));
    expect(device.verification_uri).toBe(`${p.km.url}/oauth2/device`);
    expect(device.verification_uri_complete).toBe(`${p.km.url}/oauth2/device?user_code=${device.user_code}`);
    expect(device.expires_in).toBe(600);
    expect(device.interval).toBe(5);
    // both codes are stored only as hashes
    const rows = JSON.stringify(await p.db.deviceCode.findMany());
    expect(rows).not.toContain(device.device_code);
    expect(rows).not.toContain(device.user_code.replace("-", ""));

    const browser = new Browser(p);
    const consent = await reachConsent(browser, device.user_code.toLowerCase());
    expect(consent.status).toBe(200);
    // the confirmation names the code and what will be granted: the developer gets no admin scope
    expect(consent.html).toContain(device.user_code);
    const listed = consent.html.match(/<ul class="scopes">(.*?)<\/ul>/)?.[1] ?? "";
    expect(listed).not.toContain("portico:admin");
    const done = await browser.submit(readForm(consent.html), { decision: "allow" });
    expect(done.status).toBe(200);
    expect(done.html).toContain("Device connected");

    const tokens = await oidc.pollDeviceAuthorizationGrant(cli, device);
    const claims = decodeJwt(tokens.access_token);
    expect(claims.sub).toBe(p.developer.id);
    expect(claims.client_id).toBe("portico-cli");
    expect(tokens.scope?.split(" ")).not.toContain("portico:admin");
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.id_token).toBeTruthy();
    // an approved code is redeemed once
    const again = await poll(device.device_code);
    expect(again).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  }, 30_000);

  it("answers authorization_pending, then slow_down with a longer interval when polled too fast", async () => {
    const { body: device } = await startDevice();
    expect((await poll(device.device_code as string)).body.error).toBe("authorization_pending");
    clock += 2_000;
    const fast = await poll(device.device_code as string);
    expect(fast).toMatchObject({ status: 400, body: { error: "slow_down" } });
    expect(fast.body.error_description).toContain("10 seconds");
    clock += 6_000; // past the old 5 s, inside the new 10 s
    expect((await poll(device.device_code as string)).body.error).toBe("slow_down");
    clock += 16_000;
    expect((await poll(device.device_code as string)).body.error).toBe("authorization_pending");
  });

  it("answers access_denied once the user denies, and expired_token after ten minutes", async () => {
    const { body: denied } = await startDevice();
    const browser = new Browser(p);
    const consent = await reachConsent(browser, denied.user_code as string);
    const done = await browser.submit(readForm(consent.html), { decision: "deny" });
    expect(done.html).toContain("Request denied");
    expect(await poll(denied.device_code as string)).toMatchObject({
      status: 400,
      body: { error: "access_denied" },
    });

    const { body: late } = await startDevice();
    clock += 601_000;
    expect(await poll(late.device_code as string)).toMatchObject({
      status: 400,
      body: { error: "expired_token" },
    });
    // the page no longer takes its code either
    const entry = await browser.get(`${p.km.url}/oauth2/device`);
    const refused = await browser.submit(readForm(entry.html), { user_code: late.user_code as string });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("not valid or has expired");
  });

  it("keeps a device code to the client it was issued to", async () => {
    const other = await createClient(p.db, { grantTypes: [DEVICE_CODE_GRANT] });
    const { body: device } = await startDevice();
    const stolen = await post(
      "/oauth2/token",
      { grant_type: DEVICE_CODE_GRANT, device_code: device.device_code as string },
      other,
    );
    expect(stolen).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect((await poll("not-a-code")).body.error).toBe("invalid_grant");
    expect(
      (await post("/oauth2/token", { grant_type: DEVICE_CODE_GRANT, client_id: "portico-cli" })).body.error,
    ).toBe("invalid_request");
  });

  it("refuses clients without the grant, and everyone while an admin has it switched off", async () => {
    const before = await p.db.deviceCode.count();
    const without = await post("/oauth2/device_authorization", {}, p.client);
    expect(without).toMatchObject({ status: 400, body: { error: "unauthorized_client" } });
    const { body: device } = await startDevice();
    await p.db.grantTypeSetting.update({ where: { name: DEVICE_CODE_GRANT }, data: { enabled: false } });
    try {
      expect((await startDevice()).body.error).toBe("unsupported_grant_type");
      expect((await poll(device.device_code as string)).body.error).toBe("unsupported_grant_type");
    } finally {
      await p.db.grantTypeSetting.update({ where: { name: DEVICE_CODE_GRANT }, data: { enabled: true } });
    }
    expect(await p.db.deviceCode.count()).toBe(before + 1);
    expect((await startDevice("bad\u0001scope")).body.error).toBe("invalid_scope");
    const unknown = await post("/oauth2/device_authorization", { client_id: "nobody" });
    expect(unknown).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });

  it("counts wrong user codes as failed sign-ins of the address, and needs the form's CSRF proof", async () => {
    const { body: device } = await startDevice();
    const browser = new Browser(p);
    const entry = await browser.get(`${p.km.url}/oauth2/device`);
    const form = readForm(entry.html);
    const noCsrf = await browser.submit(
      { ...form, fields: form.fields.filter(([n]) => n !== "portico_csrf") },
      {
        user_code: device.user_code as string,
      },
    );
    expect(noCsrf.status).toBe(403);
    // 30 failed sign-ins a minute per address: parallel guesses get no more checks than that
    const guesses = await Promise.all(
      Array.from({ length: 40 }, () => browser.submit(form, { user_code: "BBBB-BBBB" })),
    );
    const statuses = guesses.map((g) => g.status);
    expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(30);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
    const right = await browser.submit(form, { user_code: device.user_code as string });
    expect(right.status).toBe(429);
    expect(right.headers.get("retry-after")).toBeTruthy();
    expect(
      (
        await p.db.deviceCode.findFirstOrThrow({
          where: { userCodeHash: { not: "" } },
          orderBy: { createdAt: "desc" },
        })
      ).status,
    ).toBe("PENDING");
    clock += 61_000;
    const later = await browser.submit(form, { user_code: device.user_code as string });
    expect(later.status).toBe(200);
  });
});

describe.each(["sqlite", "postgresql"] as const)("racing polls (%s)", (provider) => {
  let q: Platform;
  beforeAll(async () => {
    q = await startPlatform({ provider });
  });
  afterAll(async () => q?.close());

  it("an approved code polled ten times at once yields one token", async () => {
    const started = await q.fetch(`${q.km.url}/oauth2/device_authorization`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: "portico-cli", scope: "openid" }).toString(),
    });
    const device = (await started.json()) as Record<string, string>;
    const browser = new Browser(q);
    const entry = await browser.get(`${q.km.url}/oauth2/device`);
    const login = await browser.submit(readForm(entry.html), { user_code: device.user_code as string });
    const consent = await browser.submit(readForm(login.html), {
      username: q.developer.username,
      password: q.developer.password,
    });
    expect((await browser.submit(readForm(consent.html), { decision: "allow" })).status).toBe(200);
    const polls = await Promise.all(
      Array.from({ length: 10 }, () =>
        q.token(
          {
            grant_type: DEVICE_CODE_GRANT,
            client_id: "portico-cli",
            device_code: device.device_code as string,
          },
          null,
        ),
      ),
    );
    expect(polls.filter((r) => r.status === 200)).toHaveLength(1);
    expect(polls.filter((r) => r.body.error === "invalid_grant")).toHaveLength(9);
    expect(await q.db.accessToken.count({ where: { grantType: DEVICE_CODE_GRANT } })).toBe(1);
  });
});
