// Setting a user's NT hash through the admin REST API, then proving it the way a Windows client
// would: NTLM Type 1 / Type 3 messages from npm `httpntlm` (a client Portico did not write) sent to
// a real key manager's token endpoint (`grant_type=iwa:ntlm`) over HTTPS.
import { randomBytes } from "node:crypto";
import { decryptSecret, type MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { computeNtHash } from "@portico/enterprise-auth/nt-hash";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, type Provider } from "./fixtures";
import { type NtlmDomain, startNtlmDomain } from "./ntlm-domain";
import type { RestCall } from "./rest-api";

describe.each<Provider>(["sqlite"])("on %s", (provider) => {
  let domain: NtlmDomain;
  let db: Db;
  let call: RestCall;
  let adminToken: string;
  let publisherToken: string;
  let providerId: string;
  let keyring: MasterKeyring;

  beforeAll(async () => {
    domain = await startNtlmDomain(provider);
    ({ db, call, adminToken, publisherToken, providerId, keyring } = domain);
  }, 60_000);
  afterAll(async () => {
    await domain?.close();
  });

  const signInWithNtlm = (username: string, password: string) => domain.signInWithNtlm(username, password);
  const storedHash = (userId: string) => domain.storedHash(userId);

  describe("PUT /users/{id}/nt-hash", () => {
    it("sets the hash from a Windows password; the key manager's NTLM grant then accepts that password", async () => {
      const winnie = await makeUser(db, "winnie", ["developer"]);
      const password = `Wïn-${randomBytes(9).toString("base64url")}`;
      // before: no hash, so NTLM fails like any wrong password
      expect((await signInWithNtlm("Winnie", password)).body.error).toBe("invalid_grant");

      const res = await call("PUT", `/users/${winnie.id}/nt-hash`, adminToken, { password });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: winnie.id, username: "winnie", hasNtHash: true });
      // the Windows account CORP\winnie is not the Portico user winnie until an admin links them
      expect((await signInWithNtlm("Winnie", password)).body.error).toBe("invalid_grant");
      const link = await call("POST", `/identity-providers/${providerId}/identities`, adminToken, {
        subject: "winnie",
        userId: winnie.id,
      });
      expect(link.status).toBe(201);
      expect(link.body).toMatchObject({
        subject: "winnie",
        user: { id: winnie.id, username: "winnie" },
        linkedBy: "root",
      });

      const ok = await signInWithNtlm("Winnie", password);
      expect(ok.status).toBe(200);
      expect(decodeJwt(ok.body.access_token as string).sub).toBe(winnie.id);
      const wrong = await signInWithNtlm("Winnie", `${password}x`);
      expect(wrong.body).toMatchObject({ error: "invalid_grant" });

      // audited without the password or the hash
      const event = await db.auditEvent.findFirstOrThrow({
        where: { action: "user.nt_hash_set", targetId: winnie.id },
      });
      expect(event.details).toEqual({ username: "winnie", from: "password" });
      const stored = (await storedHash(winnie.id)) as string;
      const hex = decryptSecret(keyring, stored, `user-nt-hash:${winnie.id}`);
      // the same NTOWFv1 as the key manager's own library computes
      expect(hex).toBe(computeNtHash(password).toString("hex"));
      const everything = JSON.stringify(await db.auditEvent.findMany()) + res.text + stored;
      expect(everything).not.toContain(password);
      expect(everything.toLowerCase()).not.toContain(hex);
    });

    it("imports a hex hash (the known vector for 'Password'), bound to that user, and never returns it", async () => {
      const ivan = await makeUser(db, "ivan", ["developer"]);
      const paula = await makeUser(db, "paula", ["developer"]);
      const vector = "a4f49c406510bdcab6824ee7c30fd852";
      expect(
        (await call("PUT", `/users/${ivan.id}/nt-hash`, adminToken, { ntHash: vector.toUpperCase() })).status,
      ).toBe(200);
      expect(
        (await call("PUT", `/users/${paula.id}/nt-hash`, adminToken, { password: "Password" })).status,
      ).toBe(200);
      const ivanStored = (await storedHash(ivan.id)) as string;
      const paulaStored = (await storedHash(paula.id)) as string;
      expect(decryptSecret(keyring, ivanStored, `user-nt-hash:${ivan.id}`)).toBe(vector);
      expect(decryptSecret(keyring, paulaStored, `user-nt-hash:${paula.id}`)).toBe(vector);
      // same hash, different ciphertexts; and one user's value cannot be copied onto another
      expect(ivanStored).not.toBe(paulaStored);
      expect(() => decryptSecret(keyring, ivanStored, `user-nt-hash:${paula.id}`)).toThrow();
      // the imported hash works with the Windows password it came from, once the account is linked
      await call("POST", `/identity-providers/${providerId}/identities`, adminToken, {
        subject: "ivan",
        userId: ivan.id,
      });
      const ok = await signInWithNtlm("ivan", "Password");
      expect(ok.status).toBe(200);
      expect(decodeJwt(ok.body.access_token as string).sub).toBe(ivan.id);
      // nothing the admin API answers carries it
      for (const p of ["/identity-providers"])
        expect((await call("GET", p, adminToken)).text).not.toContain(vector);
    });

    it("refuses bad input next to its field, unknown users, and callers without the admin role", async () => {
      const user = await makeUser(db, "vera", ["developer"]);
      const put = (body: unknown, bearer = adminToken, id = user.id) =>
        call("PUT", `/users/${id}/nt-hash`, bearer, body);
      const both = await put({ password: "Password", ntHash: "a4f49c406510bdcab6824ee7c30fd852" });
      expect(both.status).toBe(400);
      expect(both.body.details.fields.map((f: { field: string }) => f.field)).toEqual(["ntHash"]);
      const neither = await put({});
      expect(neither.status).toBe(400);
      expect(neither.body.details.fields[0].field).toBe("password");
      const short = await put({ ntHash: "a4f49c406510bdcab6824ee7c30fd8" });
      expect(short.status).toBe(400);
      expect(short.body.details.fields).toEqual([
        { field: "ntHash", message: "32 hexadecimal characters (16 bytes)" },
      ]);
      expect((await put({ ntHash: "z4f49c406510bdcab6824ee7c30fd852" })).status).toBe(400);
      expect((await put({ password: "x", extra: 1 })).status).toBe(400);
      expect((await put({ password: "Password" }, adminToken, "no-such-user")).status).toBe(404);
      expect((await put({ password: "Password" }, publisherToken)).status).toBe(403);
      expect(await storedHash(user.id)).toBeNull();
      expect(await db.auditEvent.count({ where: { action: "user.nt_hash_set", targetId: user.id } })).toBe(0);
    });
  });
});
