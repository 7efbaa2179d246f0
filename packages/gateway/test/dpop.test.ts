// RFC 9449 at the gateway: DPoP-bound tokens need a fresh proof of their key for the very call,
// and every refusal is a 401 with a DPoP challenge that never reaches the backend.

import { accessTokenHash } from "@portico/tokens";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, call, createWorld, eventually, type World } from "./fixtures";

let world: World;
let gw: RunningGateway;
let app: Awaited<ReturnType<World["createApplication"]>>;
let url: string;
let strictUrl: string;
let keys: CryptoKeyPair;
let jkt: string;

beforeAll(async () => {
  world = await createWorld();
  const { id } = await world.createApi({
    context: "/dpop",
    resources: [
      { method: "GET", path: "/orders" },
      { method: "POST", path: "/orders" },
    ],
  });
  const strict = await world.createApi({
    context: "/strict",
    resources: [{ method: "GET", path: "/orders" }],
  });
  await world.db.api.update({
    where: { id: strict.id },
    data: { securitySchemes: { oauth2: { dpop: "required" } } },
  });
  app = await world.createApplication("holder");
  await world.subscribe(app.id, id);
  await world.subscribe(app.id, strict.id);
  gw = await world.start();
  url = `${gw.httpUrl}/dpop/1.0.0/orders`;
  strictUrl = `${gw.httpUrl}/strict/1.0.0/orders`;
  keys = await generateKeyPair("ES256", { extractable: true });
  jkt = await calculateJwkThumbprint(await exportJWK(keys.publicKey));
});

afterAll(async () => world.close());

async function proof(token: string, claims: Record<string, unknown> = {}, key = keys) {
  return new SignJWT({
    jti: crypto.randomUUID(),
    htm: "GET",
    htu: url,
    iat: Math.floor(Date.now() / 1000),
    ath: accessTokenHash(token),
    ...claims,
  })
    .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: await exportJWK(key.publicKey) })
    .sign(key.privateKey);
}

function bound() {
  return world.mintJwt({ clientId: app.productionClientId, claims: { cnf: { jkt } } });
}

function expectDpopRefusal(r: Awaited<ReturnType<typeof call>>, error: string) {
  expect(r.status).toBe(401);
  expect(r.headers["www-authenticate"]).toMatch(/^DPoP algs="[^"]*ES256/);
  expect(r.headers["www-authenticate"]).toContain(`error="${error}"`);
}

describe("DPoP-bound tokens at the gateway", () => {
  it("accepts a bound token with a proof for the call; neither reaches the backend", async () => {
    const { token } = await bound();
    world.upstream.seen.length = 0;
    const r = await call(url, { headers: { authorization: `DPoP ${token}`, dpop: await proof(token) } });
    expect(r.status).toBe(200);
    expect(world.upstream.seen).toHaveLength(1);
    expect(world.upstream.seen[0]?.headers.dpop).toBeUndefined();
    expect(world.upstream.seen[0]?.headers.authorization).toBeUndefined();
  });

  it("refuses a replayed proof, a proof for another URL or method, another key's proof, and none", async () => {
    const { token } = await bound();
    const headers = (dpop: string) => ({ authorization: `DPoP ${token}`, dpop });
    const once = await proof(token);
    expect((await call(url, { headers: headers(once) })).status).toBe(200);
    world.upstream.seen.length = 0;
    expectDpopRefusal(await call(url, { headers: headers(once) }), "invalid_dpop_proof");
    expectDpopRefusal(
      await call(url, { headers: headers(await proof(token, { htu: `${gw.httpUrl}/dpop/1.0.0/other` })) }),
      "invalid_dpop_proof",
    );
    expectDpopRefusal(
      await call(url, { method: "POST", headers: headers(await proof(token)), body: "{}" }),
      "invalid_dpop_proof",
    );
    const stranger = await generateKeyPair("ES256", { extractable: true });
    expectDpopRefusal(
      await call(url, { headers: headers(await proof(token, {}, stranger)) }),
      "invalid_dpop_proof",
    );
    expectDpopRefusal(await call(url, { headers: { authorization: `DPoP ${token}` } }), "invalid_dpop_proof");
    // a proof for another access token (ath)
    expectDpopRefusal(
      await call(url, { headers: headers(await proof(token, { ath: accessTokenHash("another") })) }),
      "invalid_dpop_proof",
    );
    expect(world.upstream.seen).toHaveLength(0);
  });

  it("refuses a bound token sent as a bearer token, even once cached", async () => {
    const { token } = await bound();
    expect(
      (await call(url, { headers: { authorization: `DPoP ${token}`, dpop: await proof(token) } })).status,
    ).toBe(200);
    world.upstream.seen.length = 0;
    expectDpopRefusal(await call(url, { headers: bearer(token) }), "invalid_token");
    expect(world.upstream.seen).toHaveLength(0);
  });

  it("refuses an unbound token under the DPoP scheme", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId });
    expectDpopRefusal(
      await call(url, { headers: { authorization: `DPoP ${token}`, dpop: await proof(token) } }),
      "invalid_token",
    );
  });

  it("an API that requires DPoP refuses bearer tokens and offers only the DPoP scheme", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId });
    expectDpopRefusal(await call(strictUrl, { headers: bearer(token) }), "invalid_token");
    const none = await call(strictUrl);
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toMatch(/^DPoP /);
    const b = await bound();
    const ok = await call(strictUrl, {
      headers: { authorization: `DPoP ${b.token}`, dpop: await proof(b.token, { htu: strictUrl }) },
    });
    expect(ok.status).toBe(200);
  });

  it("refuses a revoked bound token even with a good proof", async () => {
    const { token, jti } = await bound();
    await world.revoke(jti);
    await eventually(async () => {
      const r = await call(url, { headers: { authorization: `DPoP ${token}`, dpop: await proof(token) } });
      expect(r.status).toBe(401);
      expect(r.json().code).toBe("token_revoked");
    });
  });

  it("remembers proofs through Redis: a proof spent at one gateway is refused at another", async () => {
    const prefix = `portico-test-dpop-${crypto.randomUUID()}:`;
    const one = await world.start({ redisUrl: "redis://127.0.0.1:6379", redisKeyPrefix: prefix });
    const two = await world.start({ redisUrl: "redis://127.0.0.1:6379", redisKeyPrefix: prefix });
    const { token } = await bound();
    const at = (g: RunningGateway) => `${g.httpUrl}/dpop/1.0.0/orders`;
    const spent = await proof(token, { htu: at(one) });
    expect((await call(at(one), { headers: { authorization: `DPoP ${token}`, dpop: spent } })).status).toBe(
      200,
    );
    // the Host names the first gateway, as behind a load balancer: only the shared cache can tell
    const replayed = await call(at(two), {
      headers: { authorization: `DPoP ${token}`, dpop: spent, host: new URL(at(one)).host },
    });
    expectDpopRefusal(replayed, "invalid_dpop_proof");
    expect(replayed.json().description).toContain("already used");
  });
});
