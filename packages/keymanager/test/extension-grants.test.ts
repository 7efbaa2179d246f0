// RFC 7523 JWT bearer, RFC 8693 token exchange, and the example custom grant, all through the
// same registry and the same token endpoint.
import { randomUUID } from "node:crypto";
import { decodeJwt, exportSPKI, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Platform, PROVIDERS, snapshot, startPlatform } from "./fixture";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const DOWNSCOPE = "urn:portico:params:oauth:grant-type:downscope";
const ACCESS = "urn:ietf:params:oauth:token-type:access_token";

// Federated identities (JWT bearer) and token exchange lineage run on SQLite and PostgreSQL; the
// other grants on SQLite.
describe.each(PROVIDERS)("on %s", (provider) => {
  let p: Platform;
  let client: { clientId: string; secret: string; id: string };

  beforeAll(async () => {
    p = await startPlatform({ provider });
    for (const name of [JWT_BEARER, TOKEN_EXCHANGE, DOWNSCOPE]) {
      await p.db.grantTypeSetting.update({ where: { name }, data: { enabled: true } });
    }
    client = await createClient(p.db, {
      applicationId: p.application.id,
      keyType: "SANDBOX",
      grantTypes: ["client_credentials", "password", "refresh_token", JWT_BEARER, TOKEN_EXCHANGE, DOWNSCOPE],
    });
  });
  afterAll(async () => p.close());

  describe("JWT bearer (RFC 7523)", () => {
    let privateKey: CryptoKey;
    const issuer = "https://idp.example.test";

    beforeAll(async () => {
      const pair = await generateKeyPair("RS256", { extractable: true });
      privateKey = pair.privateKey;
      await p.db.identityProvider.create({
        data: {
          name: "corp",
          type: "OIDC",
          issuer,
          certificates: [await exportSPKI(pair.publicKey)],
          mapping: { usernameClaim: "preferred_username", roles: ["developer"] },
          provisionUsers: true,
        },
      });
    });

    const assertion = (claims: Record<string, unknown>, key = privateKey, exp = "5m") =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256" })
        .setIssuer(issuer)
        .setSubject("u-123")
        .setAudience(`${p.km.url}/oauth2/token`)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(exp)
        .sign(key);

    it("exchanges a trusted provider's assertion for a token of the mapped user, provisioning them", async () => {
      const res = await p.token(
        {
          grant_type: JWT_BEARER,
          assertion: await assertion({ preferred_username: "alice@corp" }),
          scope: "pizza:read",
        },
        client,
      );
      expect(res.status).toBe(200);
      expect(res.body.scope).toBe("pizza:read");
      const claims = decodeJwt(res.body.access_token as string);
      expect(claims.username).toBe("alice@corp");
      const user = await p.db.user.findUniqueOrThrow({ where: { username: "alice@corp" } });
      expect(user.source).toBe("idp:corp");
      expect(user.passwordHash).toBeNull();
    });

    it("refuses a wrongly signed, expired or untrusted assertion with invalid_grant and changes nothing", async () => {
      const forger = await generateKeyPair("RS256");
      const cases = [
        await assertion({ preferred_username: "bob@corp" }, forger.privateKey),
        await assertion({ preferred_username: "bob@corp" }, privateKey, "-1m"),
        await new SignJWT({ preferred_username: "bob@corp" })
          .setProtectedHeader({ alg: "RS256" })
          .setIssuer("https://unknown.example.test")
          .setSubject("x")
          .setAudience(`${p.km.url}/oauth2/token`)
          .setExpirationTime("5m")
          .sign(privateKey),
        "garbage",
      ];
      for (const bad of cases) {
        const before = await snapshot(p.db);
        const res = await p.token({ grant_type: JWT_BEARER, assertion: bad }, client);
        expect(res.status).toBe(400);
        expect(res.body.error).toBe("invalid_grant");
        expect(await snapshot(p.db)).toEqual(before);
      }
    });

    it("never takes a local account by name: an assertion naming 'root' (a local admin) is refused until an admin links it", async () => {
      const rootRoles = await p.db.userRole.count({ where: { userId: p.admin.id } });
      const res = await p.token(
        {
          grant_type: JWT_BEARER,
          assertion: await assertion({ preferred_username: "root" }),
          scope: "pizza:admin",
        },
        client,
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("invalid_grant");
      expect(await p.db.userRole.count({ where: { userId: p.admin.id } })).toBe(rootRoles);
      // kept, unlinked, in the provider's namespace for an admin to see
      const idp = await p.db.identityProvider.findUniqueOrThrow({ where: { name: "corp" } });
      const seen = await p.db.federatedIdentity.findUniqueOrThrow({
        where: { providerId_subject: { providerId: idp.id, subject: "root" } },
      });
      expect(seen.userId).toBeNull();
      // an admin's explicit link makes it act as that user
      await p.db.federatedIdentity.update({
        where: { id: seen.id },
        data: { userId: p.admin.id, linkedBy: "test", linkedAt: new Date() },
      });
      const linked = await p.token(
        {
          grant_type: JWT_BEARER,
          assertion: await assertion({ preferred_username: "root" }),
          scope: "pizza:admin",
        },
        client,
      );
      expect(linked.status).toBe(200);
      expect(decodeJwt(linked.body.access_token as string).sub).toBe(p.admin.id);
    });

    it("refuses a replayed assertion", async () => {
      const once = await assertion({ preferred_username: "alice@corp" });
      expect((await p.token({ grant_type: JWT_BEARER, assertion: once }, client)).status).toBe(200);
      const again = await p.token({ grant_type: JWT_BEARER, assertion: once }, client);
      expect(again.body.error).toBe("invalid_grant");
    });
  });

  describe("token exchange: lineage (RFC 8693)", () => {
    const basic = () => `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString("base64")}`;
    async function post(endpoint: string, form: Record<string, string>) {
      const res = await p.fetch(`${p.km.url}${endpoint}`, {
        method: "POST",
        headers: { authorization: basic(), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form).toString(),
      });
      return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
    }
    const exchange = (subject: string, extra: Record<string, string> = {}) =>
      p.token(
        { grant_type: TOKEN_EXCHANGE, subject_token: subject, subject_token_type: ACCESS, ...extra },
        client,
      );
    const active = async (token: string) => (await post("/oauth2/introspect", { token })).body.active;

    it("never issues a token that outlives its subject token", async () => {
      const subject = await p.token(
        { grant_type: "client_credentials", scope: "pizza:open", validity_period: "120" },
        client,
      );
      const subjectExp = decodeJwt(subject.body.access_token as string).exp as number;
      for (const extra of [{}, { validity_period: "9999" }] as Array<Record<string, string>>) {
        const res = await exchange(subject.body.access_token as string, extra);
        expect(res.status).toBe(200);
        expect(res.body.expires_in).toBeLessThanOrEqual(120);
        expect(decodeJwt(res.body.access_token as string).exp).toBeLessThanOrEqual(subjectExp);
      }
    });

    it("revoking the subject token revokes what was exchanged from it, down the chain, and tells the gateways", async () => {
      const subject = await p.token({ grant_type: "client_credentials", scope: "pizza:open" }, client);
      const first = await exchange(subject.body.access_token as string);
      const second = await exchange(first.body.access_token as string);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(await active(second.body.access_token as string)).toBe(true);
      expect((await post("/oauth2/revoke", { token: subject.body.access_token as string })).status).toBe(200);
      for (const t of [first, second]) {
        expect(await active(t.body.access_token as string)).toBe(false);
        const jti = decodeJwt(t.body.access_token as string).jti as string;
        expect(await p.db.changeEvent.count({ where: { topic: "token.revoked", entityId: jti } })).toBe(1);
      }
    });

    it("revoking the subject token's refresh family revokes what was exchanged from its access tokens", async () => {
      const signedIn = await p.token(
        {
          grant_type: "password",
          username: p.developer.username,
          password: p.developer.password,
          scope: "pizza:read",
        },
        client,
      );
      const exchanged = await exchange(signedIn.body.access_token as string);
      expect(exchanged.status).toBe(200);
      expect(await active(exchanged.body.access_token as string)).toBe(true);
      expect((await post("/oauth2/revoke", { token: signedIn.body.refresh_token as string })).status).toBe(
        200,
      );
      expect(await active(exchanged.body.access_token as string)).toBe(false);
    });
  });

  if (provider === "sqlite") {
    describe("token exchange (RFC 8693)", () => {
      it("delegation: the new token carries the actor in act, with narrowed scopes", async () => {
        const subject = await p.token({
          grant_type: "password",
          username: p.developer.username,
          password: p.developer.password,
          scope: "pizza:read pizza:open",
        });
        const actor = await p.token({ grant_type: "client_credentials" }, client);
        const res = await p.token(
          {
            grant_type: TOKEN_EXCHANGE,
            subject_token: subject.body.access_token as string,
            subject_token_type: ACCESS,
            actor_token: actor.body.access_token as string,
            actor_token_type: ACCESS,
            scope: "pizza:read",
          },
          client,
        );
        expect(res.status).toBe(200);
        expect(res.body.issued_token_type).toBe(ACCESS);
        expect(res.body.scope).toBe("pizza:read");
        const claims = decodeJwt(res.body.access_token as string);
        expect(claims.sub).toBe(p.developer.id);
        expect(claims.act).toEqual({ sub: client.clientId, client_id: client.clientId });
      });

      it("refuses a wider scope, a revoked subject token and a wrong token type", async () => {
        const subject = await p.token({ grant_type: "client_credentials", scope: "pizza:open" }, client);
        const token = subject.body.access_token as string;
        const wider = await p.token(
          {
            grant_type: TOKEN_EXCHANGE,
            subject_token: token,
            subject_token_type: ACCESS,
            scope: "pizza:open pizza:read",
          },
          client,
        );
        expect(wider.body.error).toBe("invalid_scope");
        const type = await p.token(
          { grant_type: TOKEN_EXCHANGE, subject_token: token, subject_token_type: "urn:x" },
          client,
        );
        expect(type.body.error).toBe("invalid_request");
        await p.db.accessToken.update({
          where: { jti: decodeJwt(token).jti as string },
          data: { revokedAt: new Date() },
        });
        const revoked = await p.token(
          { grant_type: TOKEN_EXCHANGE, subject_token: token, subject_token_type: ACCESS },
          client,
        );
        expect(revoked.body.error).toBe("invalid_grant");
      });
    });

    describe("the example custom grant (downscope)", () => {
      it("issues a narrower token that expires no later than the original", async () => {
        const original = await p.token(
          { grant_type: "client_credentials", scope: "pizza:read pizza:open", validity_period: "300" },
          client,
        );
        const res = await p.token(
          {
            grant_type: DOWNSCOPE,
            access_token: original.body.access_token as string,
            scope: "pizza:open",
            validity_period: "9999",
          },
          client,
        );
        expect(res.status).toBe(200);
        expect(res.body.scope).toBe("pizza:open");
        expect(res.body.expires_in).toBeLessThanOrEqual(300);
        expect(decodeJwt(res.body.access_token as string).gty).toBe(DOWNSCOPE);
      });

      it("is off until an admin enables it", async () => {
        await p.db.grantTypeSetting.update({ where: { name: DOWNSCOPE }, data: { enabled: false } });
        const res = await p.token({ grant_type: DOWNSCOPE, access_token: "x", scope: "a" }, client);
        expect(res.body.error).toBe("unsupported_grant_type");
      });
    });
  }
});
