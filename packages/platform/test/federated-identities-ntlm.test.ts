import type { Db } from "@portico/db";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, type Provider } from "./fixtures";
import { NTLM, type NtlmDomain, startNtlmDomain } from "./ntlm-domain";
import type { RestCall } from "./rest-api";

describe.each<Provider>(["sqlite", "postgresql"])("on %s", (provider) => {
  let domain: NtlmDomain;
  let db: Db;
  let call: RestCall;
  let adminToken: string;
  let publisherToken: string;
  let providerId: string;
  let issueToken: NtlmDomain["issueToken"];

  beforeAll(async () => {
    domain = await startNtlmDomain(provider);
    ({ db, call, adminToken, publisherToken, providerId, issueToken } = domain);
  }, 60_000);
  afterAll(async () => {
    await domain?.close();
  });

  const signInWithNtlm = (username: string, password: string) => domain.signInWithNtlm(username, password);
  const active = (token: string) => domain.active(token);

  describe("linking Windows accounts to Portico users (federated identities)", () => {
    it("lists links, refuses a second user for a linked identity, unknown users and non-admins, and unlinking ends sign-in", async () => {
      const olga = await makeUser(db, "olga", ["developer"]);
      const mallory = await makeUser(db, "mallory", ["developer"]);
      expect(
        (await call("PUT", `/users/${olga.id}/nt-hash`, adminToken, { password: "Olga-Password" })).status,
      ).toBe(200);
      const path = `/identity-providers/${providerId}/identities`;
      const linked = await call("POST", path, adminToken, { subject: "olga", userId: olga.id });
      expect(linked.status).toBe(201);
      expect((await signInWithNtlm("olga", "Olga-Password")).status).toBe(200);

      const taken = await call("POST", path, adminToken, { subject: "olga", userId: mallory.id });
      expect(taken.status).toBe(409);
      expect((await call("POST", path, adminToken, { subject: "x", userId: "no-such-user" })).status).toBe(
        400,
      );
      expect((await call("POST", path, adminToken, { subject: "", userId: olga.id })).status).toBe(400);
      expect((await call("POST", path, publisherToken, { subject: "olga", userId: mallory.id })).status).toBe(
        403,
      );
      expect((await call("GET", "/identity-providers/no-such-provider/identities", adminToken)).status).toBe(
        404,
      );
      const list = await call("GET", path, adminToken);
      expect(list.body.find((i: { subject: string }) => i.subject === "olga").user.id).toBe(olga.id);

      expect((await call("DELETE", `${path}/${linked.body.id}`, publisherToken)).status).toBe(403);
      expect((await call("DELETE", `${path}/${linked.body.id}`, adminToken)).status).toBe(204);
      expect((await signInWithNtlm("olga", "Olga-Password")).body.error).toBe("invalid_grant");
      expect(
        await db.auditEvent.count({ where: { action: "federated_identity.unlink", targetId: olga.id } }),
      ).toBe(1);
    });

    it("unlinking revokes the tokens the identity obtained through the provider's grant and tells the gateways; the user's other tokens stay", async () => {
      const nina = await makeUser(db, "nina", ["developer"]);
      expect(
        (await call("PUT", `/users/${nina.id}/nt-hash`, adminToken, { password: "Nina-Password" })).status,
      ).toBe(200);
      const path = `/identity-providers/${providerId}/identities`;
      const linked = await call("POST", path, adminToken, { subject: "nina", userId: nina.id });
      expect(linked.status).toBe(201);
      const windows = await signInWithNtlm("nina", "Nina-Password");
      expect(windows.status).toBe(200);
      const windowsToken = windows.body.access_token as string;
      const issued = await db.accessToken.findFirstOrThrow({ where: { userId: nina.id, grantType: NTLM } });
      // a token nina got with her Portico password, not through the Windows link
      const own = decodeJwt(await issueToken(nina.id, "openid")).jti as string;
      const ownRevokedAt = async () =>
        (await db.accessToken.findUniqueOrThrow({ where: { jti: own } })).revokedAt;
      expect(await active(windowsToken)).toBe(true);

      expect((await call("DELETE", `${path}/${linked.body.id}`, adminToken)).status).toBe(204);
      expect(await active(windowsToken)).toBe(false);
      expect(await db.changeEvent.count({ where: { topic: "token.revoked", entityId: issued.jti } })).toBe(1);
      expect(await ownRevokedAt()).toBeNull();
      expect(await db.changeEvent.count({ where: { topic: "token.revoked", entityId: own } })).toBe(0);
    });
  });
});
