// Setting a user's NT hash through the admin REST API, then proving it the way a Windows client
// would: NTLM Type 1 / Type 3 messages from npm `httpntlm` (a client Portico did not write) sent to
// a real key manager's token endpoint (`grant_type=iwa:ntlm`) over HTTPS.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decryptSecret, ensureLocalTls, hashSecret, MasterKeyring, randomToken } from "@portico/crypto";
import type { Db } from "@portico/db";
import { computeNtHash } from "@portico/enterprise-auth/nt-hash";
import { type RunningKeyManager, startKeyManager } from "@portico/keymanager";
import { createType1Message, createType3Message, parseType2Message } from "httpntlm/ntlm.js";
import { decodeJwt } from "jose";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestHandler, describeRestApi, identityProviderRoutes } from "../src/rest/index";
import { GATEWAY, ISSUER, makeUser, type Provider, scratchDatabase, serve, tokenIssuer } from "./fixtures";

const NTLM = "iwa:ntlm";
const CHALLENGE = /^NTLM challenge windows_token=([A-Za-z0-9+/]+=*) ntlm_challenge_id=([A-Za-z0-9_-]+)$/;

// Linking Windows accounts runs on SQLite and PostgreSQL; setting NT hashes on SQLite.
describe.each<Provider>(["sqlite", "postgresql"])("on %s", (provider) => {
  let db: Db;
  let drop: (() => Promise<void>) | undefined;
  let km: RunningKeyManager;
  let dispatcher: Agent;
  let server: Awaited<ReturnType<typeof serve>>;
  let adminToken: string;
  let publisherToken: string;
  let client: { clientId: string; secret: string };
  let providerId: string;
  let issueToken: Awaited<ReturnType<typeof tokenIssuer>>;
  const keyring = new MasterKeyring([MasterKeyring.generateKey()]);

  beforeAll(async () => {
    ({ db, drop } = await scratchDatabase(provider));
    const dataDir = mkdtempSync(path.join(tmpdir(), "portico-nt-hash-"));
    const tls = await ensureLocalTls(dataDir);
    km = await startKeyManager({
      db,
      dataDir,
      keyring,
      port: 0,
      audience: GATEWAY,
      logLevel: "error",
      configuration: { settingsCacheMs: 0 },
      portals: { publisherUrl: "http://localhost:3000", devportalUrl: "http://localhost:3001" },
    });
    // the key manager registers its grant settings at start; NTLM is off until an admin enables it
    await db.grantTypeSetting.update({ where: { name: NTLM }, data: { enabled: true } });
    dispatcher = new Agent({ connect: { ca: tls.ca } });
    const token = await tokenIssuer(db, { keyManagerKeyring: keyring });
    issueToken = token;
    const root = await makeUser(db, "root", ["admin"]);
    adminToken = await token(root.id, "portico:admin");
    publisherToken = await token((await makeUser(db, "pat", ["publisher"])).id, "portico:admin");
    // an application's client allowed to use the NTLM grant
    const application = await db.application.create({ data: { name: "Intranet", ownerId: root.id } });
    const resident = await db.keyManager.findFirstOrThrow({ where: { type: "RESIDENT" } });
    const secret = randomToken(24);
    const clientId = `c_${randomToken(9)}`;
    await db.oAuthClient.create({
      data: {
        clientId,
        name: clientId,
        applicationId: application.id,
        keyType: "PRODUCTION",
        keyManagerId: resident.id,
        grantTypes: [NTLM],
        redirectUris: [],
        postLogoutRedirectUris: [],
        tokenEndpointAuthMethod: "client_secret_basic",
        secrets: { create: [{ secretHash: await hashSecret(secret), hint: secret.slice(-4) }] },
      },
    });
    client = { clientId, secret };
    const base = "/api/admin/v1";
    server = await serve(
      createRestHandler(
        base,
        identityProviderRoutes,
        () => ({ db, issuer: ISSUER, gatewayUrl: GATEWAY, keyring: () => keyring }),
        () =>
          describeRestApi({
            title: "Admin",
            version: "v1",
            serverUrl: base,
            issuer: ISSUER,
            routes: identityProviderRoutes,
          }),
      ),
    );
    // the Windows domain is configured through the same admin API
    const idp = await call("POST", "/identity-providers", adminToken, {
      type: "NTLM",
      name: "corp",
      domain: "CORP",
    });
    expect(idp.status).toBe(201);
    providerId = idp.body.id;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await km?.close();
    await dispatcher?.close();
    await drop?.();
  });

  async function call(method: string, p: string, bearer: string, body?: unknown) {
    const res = await fetch(`${server.url}/api/admin/v1${p}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, text };
  }

  async function tokenRequest(form: Record<string, string>) {
    const res = await undiciFetch(`${km.url}/oauth2/token`, {
      method: "POST",
      dispatcher,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString("base64")}`,
      },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** Both NTLM rounds against the key manager, as `username` with `password`, from httpntlm's messages. */
  async function signInWithNtlm(username: string, password: string) {
    const type1 = createType1Message({ domain: "CORP", workstation: "WS1" }).slice("NTLM ".length);
    const round1 = await tokenRequest({ grant_type: NTLM, windows_token: type1 });
    const match = CHALLENGE.exec(String(round1.body.error_description));
    expect(match, JSON.stringify(round1.body)).not.toBeNull();
    const [, type2, challengeId] = match as RegExpExecArray;
    const parsed = parseType2Message(`NTLM ${type2}`, (error) => {
      if (error) throw error;
    });
    const type3 = createType3Message(parsed, {
      username,
      password,
      domain: "CORP",
      workstation: "WS1",
    }).slice(5);
    return tokenRequest({ grant_type: NTLM, windows_token: type3, ntlm_challenge_id: challengeId as string });
  }

  /** Whether the key manager still holds `token` active (RFC 7662, as the NTLM client). */
  async function active(token: string): Promise<unknown> {
    const res = await undiciFetch(`${km.url}/oauth2/introspect`, {
      method: "POST",
      dispatcher,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString("base64")}`,
      },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { active: unknown }).active;
  }

  async function storedHash(userId: string): Promise<string | null> {
    return (await db.user.findUniqueOrThrow({ where: { id: userId } })).ntHashEnc;
  }

  if (provider === "sqlite") {
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
          (await call("PUT", `/users/${ivan.id}/nt-hash`, adminToken, { ntHash: vector.toUpperCase() }))
            .status,
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
        expect(await db.auditEvent.count({ where: { action: "user.nt_hash_set", targetId: user.id } })).toBe(
          0,
        );
      });
    });
  }
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
