// RFC 8705 end to end: a developer registers certificates through the developer portal REST API
// and generates keys that authenticate by them; the key manager issues tokens bound to the
// connection's certificate (curl --cert and Node's TLS client as peers); the gateway serves them
// only over that certificate, and an API that requires mutual TLS only over one the application
// registered. Every refusal is seen by the caller and never reaches the backend.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "./fixtures";
import { startMutualTlsWorld } from "./mutual-tls-world";

describe.each<Provider>(["sqlite", "postgresql"])("mutual TLS end to end on %s", (provider) => {
  let w: Awaited<ReturnType<typeof startMutualTlsWorld>>;
  let appId: string;
  let aliceThumbprint: string;
  let ownThumbprint: string;
  let production: string;
  let sandbox: string;

  beforeAll(async () => {
    w = await startMutualTlsWorld(provider);
    const app = await w.restCall("POST", "/applications", { name: "Orders" });
    expect(app.status).toBe(201);
    appId = app.body.id;
    for (const api of [w.strict, w.bound])
      await w.db.subscription.create({ data: { applicationId: appId, apiId: api.id, tierId: w.gold.id } });
    const alice = await w.restCall("POST", `/applications/${appId}/certificates`, { pem: w.pem("alice") });
    const own = await w.restCall("POST", `/applications/${appId}/certificates`, { pem: w.pem("own") });
    expect([alice.status, own.status]).toEqual([201, 201]);
    expect(alice.body.subjectDn).toBe("CN=alice,O=Example");
    aliceThumbprint = alice.body.thumbprint;
    ownThumbprint = own.body.thumbprint;
    const keys = async (keyType: string, tokenEndpointAuthMethod: string) => {
      const res = await w.restCall("POST", `/applications/${appId}/keys`, {
        keyType,
        grantTypes: ["client_credentials"],
        tokenEndpointAuthMethod,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.tokenEndpointAuthMethod).toBe(tokenEndpointAuthMethod);
      // a certificate client has no secret to lose
      expect(res.body.consumerSecret).toBeUndefined();
      return res.body.consumerKey as string;
    };
    production = await keys("PRODUCTION", "tls_client_auth");
    sandbox = await keys("SANDBOX", "self_signed_tls_client_auth");
  }, 90_000);
  afterAll(() => w?.close());

  it("tls_client_auth with curl: a token bound to the registered certificate opens the mutual-TLS API over it only", async () => {
    const token = await w.curl(`${w.km.url}/oauth2/token`, {
      cert: "alice",
      form: { grant_type: "client_credentials", client_id: production },
    });
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    const accessToken = token.body.access_token as string;
    // the thumbprint the developer portal showed is the one the token is bound to
    expect(decodeJwt(accessToken).cnf).toEqual({ "x5t#S256": aliceThumbprint });
    w.seen.length = 0;
    const ok = await w.curl(w.gatewayUrl("/strict"), { cert: "alice", token: accessToken });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(w.seen).toHaveLength(1);

    // the same token over bob's certificate (issued by the same CA): the binding refuses it
    const stolen = await w.curl(w.gatewayUrl("/strict"), { cert: "bob", token: accessToken });
    expect(stolen.status).toBe(401);
    expect(stolen.body.code).toBe("invalid_token");
    expect(stolen.challenge).toMatch(/^Bearer .*error="invalid_token"/);
    expect(w.seen).toHaveLength(1);
  });

  it("tls_client_auth refuses bob's certificate and no certificate at the key manager", async () => {
    const form = { grant_type: "client_credentials", client_id: production };
    for (const cert of ["bob", undefined]) {
      const res = await w.curl(`${w.km.url}/oauth2/token`, { ...(cert ? { cert } : {}), form });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("invalid_client");
    }
  });

  it("self_signed_tls_client_auth with Node tls: bound to the self-signed certificate at the gateway too", async () => {
    const token = await w.nodeToken({ grant_type: "client_credentials", client_id: sandbox }, "own");
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    const accessToken = token.body.access_token as string;
    expect(decodeJwt(accessToken).cnf).toEqual({ "x5t#S256": ownThumbprint });
    w.seen.length = 0;
    expect((await w.curl(w.gatewayUrl("/bound"), { cert: "own", token: accessToken })).status).toBe(200);
    const other = await w.curl(w.gatewayUrl("/bound"), { cert: "alice", token: accessToken });
    expect(other.status).toBe(401);
    expect(other.body.code).toBe("invalid_token");
    const none = await w.curl(w.gatewayUrl("/bound"), { token: accessToken });
    expect(none.status).toBe(401);
    expect(w.seen).toHaveLength(1);
    // another application's certificate does not authenticate this client
    const refused = await w.nodeToken({ grant_type: "client_credentials", client_id: sandbox }, "bob");
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe("invalid_client");
  });

  it("removing the certificate revokes the tokens bound to it and stops its client authentication", async () => {
    const token = await w.curl(`${w.km.url}/oauth2/token`, {
      cert: "alice",
      form: { grant_type: "client_credentials", client_id: production },
    });
    const listed = await w.restCall("GET", `/applications/${appId}/certificates`);
    const alice = listed.body.find((c: { thumbprint: string }) => c.thumbprint === aliceThumbprint);
    expect((await w.restCall("DELETE", `/applications/${appId}/certificates/${alice.id}`)).status).toBe(204);
    const row = await w.db.accessToken.findFirstOrThrow({
      where: { jti: decodeJwt(token.body.access_token).jti },
    });
    expect(row.revokedAt).not.toBeNull();
    const again = await w.curl(`${w.km.url}/oauth2/token`, {
      cert: "alice",
      form: { grant_type: "client_credentials", client_id: production },
    });
    expect(again.status).toBe(401);
    expect(again.body.error).toBe("invalid_client");
  });
});
