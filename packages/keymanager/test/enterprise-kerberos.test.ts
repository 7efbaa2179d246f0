// The Kerberos grant through the real token endpoint, with tickets from a throwaway MIT KDC and the
// npm `kerberos` client, peers Portico did not write.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encryptSecret } from "@portico/crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REALM, startTestKdc, type TestKdc } from "../../enterprise-auth/test/test-kdc";
import {
  type EnterprisePlatform,
  stateWithoutGuards as enterpriseState,
  KERBEROS,
  KERBEROS_URN,
  lastAudit as lastAuditOf,
  startEnterprisePlatform,
} from "./enterprise-fixture";
import type { Platform } from "./fixture";

let p: Platform;
let client: EnterprisePlatform["client"];
let enterprise: EnterprisePlatform;
beforeAll(async () => {
  enterprise = await startEnterprisePlatform();
  ({ p, client } = enterprise);
});
afterAll(async () => {
  await enterprise?.close();
});
const stateWithoutGuards = () => enterpriseState(p);
const lastAudit = (action: string) => lastAuditOf(p, action);

describe("Kerberos with a real MIT KDC and the npm kerberos client", () => {
  let kdc: TestKdc;
  let ccache: string;

  beforeAll(async () => {
    kdc = await startTestKdc();
    ccache = path.join(kdc.dir, "alice.ccache");
    kdc.kinit(ccache);
    const idp = await p.db.identityProvider.create({
      data: {
        name: "corp-kerberos",
        type: "KERBEROS",
        issuer: REALM,
        audience: "HTTP/localhost",
        mapping: {},
      },
    });
    const keytab = readFileSync(kdc.keytabPath).toString("base64");
    await p.db.identityProvider.update({
      where: { id: idp.id },
      data: { keytabEnc: encryptSecret(p.km.keyManager.keyring, keytab, `identity-provider:${idp.id}`) },
    });
    const alice = await p.db.user.create({
      data: { username: "alice", roles: { create: [{ role: { connect: { name: "developer" } } }] } },
    });
    await p.db.federatedIdentity.create({ data: { providerId: idp.id, subject: "alice", userId: alice.id } });
  });
  afterAll(async () => kdc?.stop());

  /** A client-side SPNEGO token for `service`, made by npm kerberos (MIT libgssapi) in its own process. */
  function clientToken(service: string, cache = ccache): Promise<string> {
    const script = `
      import kerberos from "kerberos";
      const client = await kerberos.initializeClient(${JSON.stringify(service)}, { mechOID: kerberos.GSS_MECH_OID_SPNEGO });
      process.stdout.write(await client.step(""));`;
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        ["--input-type=module", "-e", script],
        { env: kdc.clientEnv(cache), timeout: 20_000 },
        (error, stdout, stderr) =>
          error ? reject(new Error(stderr, { cause: error })) : resolve(stdout.trim()),
      );
    });
  }
  const exchange = (token: string, grantType = KERBEROS, realm = REALM) =>
    p.token(
      {
        grant_type: grantType,
        kerberos_realm: realm,
        kerberos_token: token,
        scope: "pizza:read pizza:admin",
      },
      client,
    );

  it("gives the ticket's principal a token with the scopes of their Portico roles, under both names", async () => {
    const alice = await p.db.user.findUniqueOrThrow({ where: { username: "alice" } });
    for (const grantType of [KERBEROS, KERBEROS_URN]) {
      const res = await exchange(await clientToken("HTTP@localhost"), grantType);
      expect(res.status, grantType).toBe(200);
      expect(res.body.scope).toBe("pizza:read");
      const claims = decodeJwt(res.body.access_token as string);
      expect(claims.sub).toBe(alice.id);
      expect(claims.gty).toBe(grantType);
    }
    const audit = await lastAudit("token.grant.kerberos");
    expect(audit?.details).toMatchObject({ principal: `alice@${REALM}` });
    // the decrypted keytab does not outlive the request
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith("portico-keytab-"))).toEqual([]);
  });

  it("refuses a replayed token, a ticket for another service, garbage and an unknown realm", async () => {
    const token = await clientToken("HTTP@localhost");
    expect((await exchange(token)).status).toBe(200);
    const before = await stateWithoutGuards();
    const replay = await exchange(token);
    expect(replay.body).toMatchObject({ error: "invalid_grant" });
    expect(replay.body.error_description).toMatch(/already used|not accepted/);
    const otherService = await exchange(await clientToken("HTTP@other.localhost"));
    expect(otherService.body).toMatchObject({ error: "invalid_grant" });
    expect(otherService.body.error_description).toMatch(/not for this service|not accepted/);
    const garbage = await exchange(Buffer.from("not a kerberos token").toString("base64"));
    expect(garbage.body).toMatchObject({ error: "invalid_grant" });
    const realm = await exchange(token, KERBEROS, "ELSEWHERE.TEST");
    expect(realm.body).toMatchObject({
      error: "invalid_grant",
      error_description: "kerberos_realm is not a trusted Kerberos realm",
    });
    expect(await stateWithoutGuards()).toEqual(before);
  });

  it("answers server_error, not invalid_grant, when the realm has no keytab", async () => {
    const idp = await p.db.identityProvider.create({
      data: { name: "broken-kerberos", type: "KERBEROS", issuer: "BROKEN.TEST" },
    });
    try {
      const res = await exchange(await clientToken("HTTP@localhost"), KERBEROS, "BROKEN.TEST");
      expect(res.status).toBe(500);
      expect(res.body.error).toBe("server_error");
    } finally {
      await p.db.identityProvider.delete({ where: { id: idp.id } });
    }
  });
});
