// The enterprise grants (SAML 2.0 bearer, Kerberos, NTLM) through the real token endpoint, with
// peers Portico did not write: assertions signed by xmlsec1, tickets from a throwaway MIT KDC
// and the npm `kerberos` client, NTLM messages from npm `httpntlm`.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encryptSecret } from "@portico/crypto";
import { computeNtHash } from "@portico/enterprise-auth";
import { createType1Message, createType3Message, parseType2Message } from "httpntlm/ntlm.js";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildAssertionXml,
  createSigningKey,
  newAssertionId,
  signatureTemplate,
  signWithXmlsec,
  type TestSigningKey,
  toBase64url,
} from "../../enterprise-auth/test/saml-idp";
import { REALM, startTestKdc, type TestKdc } from "../../enterprise-auth/test/test-kdc";
import { createClient, type Platform, snapshot, startPlatform } from "./fixture";

const SAML2 = "urn:ietf:params:oauth:grant-type:saml2-bearer";
const KERBEROS = "kerberos";
const KERBEROS_URN = "urn:ietf:params:oauth:grant-type:kerberos";
const NTLM = "iwa:ntlm";
const ENTITY_ID = "https://idp.corp.example.test/saml";

let p: Platform;
let client: { clientId: string; secret: string; id: string };
let dir: string;

beforeAll(async () => {
  p = await startPlatform();
  dir = mkdtempSync(path.join(tmpdir(), "portico-km-enterprise-"));
  for (const name of [SAML2, KERBEROS, KERBEROS_URN, NTLM]) {
    await p.db.grantTypeSetting.update({ where: { name }, data: { enabled: true } });
  }
  client = await createClient(p.db, {
    applicationId: p.application.id,
    keyType: "SANDBOX",
    grantTypes: ["client_credentials", SAML2, KERBEROS, KERBEROS_URN, NTLM],
  });
});
afterAll(async () => {
  await p?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Everything a refused request must leave alone (the replay guards and audit trail aside). */
async function stateWithoutGuards(): Promise<Record<string, unknown>> {
  const { replay: _replay, ...rest } = await snapshot(p.db);
  return { ...rest, roles: await p.db.userRole.count(), userCount: await p.db.user.count() };
}

async function lastAudit(action: string) {
  return p.db.auditEvent.findFirst({ where: { action }, orderBy: { at: "desc" } });
}

describe("SAML 2.0 bearer (RFC 7522) with assertions signed by xmlsec1", () => {
  let idpKey: TestSigningKey;
  let otherKey: TestSigningKey;
  const tokenUrl = () => `${p.km.url}/oauth2/token`;

  beforeAll(async () => {
    idpKey = createSigningKey(dir, "idp");
    otherKey = createSigningKey(dir, "other");
    const saml = await p.db.identityProvider.create({
      data: {
        name: "corp-saml",
        type: "SAML2",
        issuer: ENTITY_ID,
        certificates: [idpKey.certificatePem],
        mapping: {
          username: "attribute:uid",
          email: "attribute:mail",
          roles: { from: "attribute:groups", map: { "api-admins": ["admin"] }, default: ["developer"] },
        },
        provisionUsers: true,
      },
    });
    // the IdP's "dev" is the local developer only because an admin linked them
    await p.db.federatedIdentity.create({
      data: { providerId: saml.id, subject: "dev", userId: p.developer.id, linkedBy: "root" },
    });
  });

  function fields(overrides: Partial<Parameters<typeof buildAssertionXml>[0]> = {}) {
    const now = Date.now();
    return {
      issuer: ENTITY_ID,
      nameId: "dev@example.test",
      audience: tokenUrl(),
      recipient: tokenUrl(),
      issueInstant: new Date(now - 1000),
      notBefore: new Date(now - 60_000),
      notOnOrAfter: new Date(now + 300_000),
      attributes: { uid: ["dev"] },
      ...overrides,
    };
  }
  const signed = (overrides: Partial<Parameters<typeof buildAssertionXml>[0]> = {}, key = idpKey) =>
    signWithXmlsec(dir, buildAssertionXml(fields(overrides)).xml, key);
  const exchange = (xml: string, scope = "pizza:read pizza:admin", auth = client) =>
    p.token({ grant_type: SAML2, assertion: toBase64url(xml), scope }, auth);

  it("gives an existing user a token whose scopes follow that user's roles", async () => {
    const res = await exchange(signed());
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe("pizza:read"); // pizza:admin needs the admin role, dev has not
    expect(res.body.refresh_token).toBeUndefined();
    const claims = decodeJwt(res.body.access_token as string);
    expect(claims.sub).toBe(p.developer.id);
    const audit = await lastAudit("token.grant.saml2");
    expect(audit?.targetId).toBe(p.developer.id);
    expect(JSON.stringify(audit?.details)).not.toContain("Signature");
  });

  it("provisions an unknown user with the roles mapped from the IdP's groups", async () => {
    const res = await exchange(
      signed({
        nameId: "carol@example.test",
        attributes: { uid: ["carol"], groups: ["api-admins"], mail: ["carol@example.test"] },
      }),
    );
    expect(res.status).toBe(200);
    // admin only: pizza:read is bound to the developer role, pizza:admin to admin
    expect(res.body.scope).toBe("pizza:admin");
    const carol = await p.db.user.findUniqueOrThrow({
      where: { username: "carol" },
      include: { roles: { include: { role: true } } },
    });
    expect(carol.source).toBe("idp:corp-saml");
    expect(carol.passwordHash).toBeNull();
    expect(carol.roles.map((r) => r.role.name)).toEqual(["admin"]);
    expect(decodeJwt(res.body.access_token as string).sub).toBe(carol.id);
  });

  it("refuses tampered, foreign-key, expired, wrong-audience and wrapped assertions and changes nothing", async () => {
    const before = await stateWithoutGuards();
    const good = signed();
    const tampered = good.replace(
      "<saml:AttributeValue>dev</saml:AttributeValue>",
      "<saml:AttributeValue>root</saml:AttributeValue>",
    );
    expect(tampered).not.toBe(good);
    const past = Date.now() - 3_600_000;
    const expired = signed({
      issueInstant: new Date(past),
      notBefore: new Date(past),
      notOnOrAfter: new Date(past + 300_000),
    });
    const wrongAudience = signed({ audience: "https://someone-else.example.test" });
    const otherSigner = signed({}, otherKey);
    // the genuine signature moved onto an attacker's assertion, the original hidden in ds:Object
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(good)?.[0] as string;
    const evilId = newAssertionId();
    const evil = buildAssertionXml(fields({ id: evilId, attributes: { uid: ["root"] } })).xml;
    const wrapped = evil.replace(
      signatureTemplate(evilId),
      signature.replace(
        "</ds:Signature>",
        `<ds:Object>${good.replace(/^<\?xml[^>]*>\s*/, "").replace(signature, "")}</ds:Object></ds:Signature>`,
      ),
    );
    const cases: Array<[string, string, RegExp]> = [
      ["tampered", tampered, /signature/i],
      ["other key", otherSigner, /signature/i],
      ["expired", expired, /expired|no longer/i],
      ["wrong audience", wrongAudience, /not intended|audience/i],
      ["wrapped", wrapped, /./],
    ];
    for (const [name, xml, description] of cases) {
      const res = await exchange(xml);
      expect(res.status, name).toBe(400);
      expect(res.body.error, name).toBe("invalid_grant");
      expect(res.body.error_description, name).toMatch(description);
      expect(String(res.body.error_description)).not.toContain("root");
    }
    expect(await stateWithoutGuards()).toEqual(before);
    const refusals = await p.db.auditEvent.count({ where: { action: "token.grant.saml2.refused" } });
    expect(refusals).toBeGreaterThanOrEqual(cases.length);
  });

  it("refuses an assertion used twice", async () => {
    const xml = signed();
    expect((await exchange(xml)).status).toBe(200);
    const guards = await p.db.replayGuard.count({ where: { kind: "saml-assertion" } });
    const again = await exchange(xml);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: "invalid_grant" });
    expect(again.body.error_description).toMatch(/already|used/i);
    expect(await p.db.replayGuard.count({ where: { kind: "saml-assertion" } })).toBe(guards);
  });

  it("is unsupported while switched off, and unauthorized for a client not given it", async () => {
    const other = await createClient(p.db, { grantTypes: ["client_credentials"] });
    const denied = await exchange(signed(), "pizza:read", other);
    expect(denied.status).toBe(400);
    expect(denied.body.error).toBe("unauthorized_client");
    await p.db.grantTypeSetting.update({ where: { name: SAML2 }, data: { enabled: false } });
    try {
      const off = await exchange(signed());
      expect(off.body.error).toBe("unsupported_grant_type");
    } finally {
      await p.db.grantTypeSetting.update({ where: { name: SAML2 }, data: { enabled: true } });
    }
  });
});

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

describe("NTLM (iwa:ntlm) with messages from npm httpntlm", () => {
  const password = `Wïn-${randomBytes(9).toString("base64url")}`;
  let winnie: { id: string };

  beforeAll(async () => {
    const windows = await p.db.identityProvider.create({
      data: { name: "corp-windows", type: "NTLM", issuer: "CORP" },
    });
    winnie = await p.db.user.create({
      data: { username: "winnie", roles: { create: [{ role: { connect: { name: "developer" } } }] } },
    });
    await p.db.user.update({
      where: { id: winnie.id },
      data: {
        ntHashEnc: encryptSecret(
          p.km.keyManager.keyring,
          computeNtHash(password).toString("hex"),
          `user-nt-hash:${winnie.id}`,
        ),
      },
    });
    await p.db.federatedIdentity.create({
      data: { providerId: windows.id, subject: "winnie", userId: winnie.id },
    });
  });

  const CHALLENGE = /^NTLM challenge windows_token=([A-Za-z0-9+/]+=*) ntlm_challenge_id=([A-Za-z0-9_-]+)$/;

  /** Round 1 through the token endpoint; returns what a client parses out of the answer. */
  async function challenge(domain = "CORP") {
    const type1 = createType1Message({ domain, workstation: "WS1" }).slice("NTLM ".length);
    const res = await p.token({ grant_type: NTLM, windows_token: type1 }, client);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_grant");
    const match = CHALLENGE.exec(String(res.body.error_description));
    expect(match).not.toBeNull();
    const [, type2, challengeId] = match as RegExpExecArray;
    expect(res.headers.get("www-authenticate")).toBe(`NTLM ${type2}`);
    return { type2: type2 as string, challengeId: challengeId as string };
  }
  function type3For(
    type2: string,
    secret: string,
    edit?: (parsed: ReturnType<typeof parseType2Message>) => void,
    username = "Winnie",
  ) {
    const parsed = parseType2Message(`NTLM ${type2}`, (error) => {
      if (error) throw error;
    });
    edit?.(parsed);
    return createType3Message(parsed, {
      username,
      password: secret,
      domain: "CORP",
      workstation: "WS1",
    }).slice(5);
  }
  const answer = (type3: string, challengeId: string) =>
    p.token(
      {
        grant_type: NTLM,
        windows_token: type3,
        ntlm_challenge_id: challengeId,
        scope: "pizza:read pizza:admin",
      },
      client,
    );

  it("gives the Windows user a token in two rounds, with scopes from their Portico roles", async () => {
    const { type2, challengeId } = await challenge();
    expect(await p.db.replayGuard.count({ where: { kind: "ntlm-challenge" } })).toBeGreaterThan(0);
    const res = await answer(type3For(type2, password), challengeId);
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe("pizza:read");
    expect(decodeJwt(res.body.access_token as string).sub).toBe(winnie.id);
    expect((await lastAudit("token.grant.ntlm"))?.details).toMatchObject({
      domain: "CORP",
      windowsUser: "Winnie",
    });
  });

  it("refuses a wrong password, a replayed Type 3 and an NTLMv1 response, changing nothing else", async () => {
    const first = await challenge();
    const good = type3For(first.type2, password);
    expect((await answer(good, first.challengeId)).status).toBe(200);
    const before = await stateWithoutGuards();

    const replay = await answer(good, first.challengeId);
    expect(replay.body).toMatchObject({ error: "invalid_grant" });
    expect(replay.body.error_description).toMatch(/already answered|unknown/);

    const second = await challenge();
    const wrong = await answer(type3For(second.type2, `${password}x`), second.challengeId);
    expect(wrong.body).toMatchObject({
      error: "invalid_grant",
      error_description: "The Windows credentials are not valid.",
    });
    // the challenge was spent by the wrong answer: the right one cannot follow on it
    const late = await answer(type3For(second.type2, password), second.challengeId);
    expect(late.body.error).toBe("invalid_grant");

    const third = await challenge();
    // without extended session security httpntlm answers with LM + NTLMv1 (DES)
    const v1 = type3For(third.type2, password, (parsed) => {
      parsed.negotiateFlags &= ~0x00080000;
    });
    expect(Buffer.from(v1, "base64").readUInt16LE(20)).toBe(24);
    const refused = await answer(v1, third.challengeId);
    expect(refused.body).toMatchObject({ error: "invalid_grant" });
    expect(refused.body.error_description).toMatch(/NTLMv1/);

    const fourth = await challenge();
    const stranger = await answer(type3For(fourth.type2, password, undefined, "nobody"), fourth.challengeId);
    expect(stranger.body.error_description).toBe("The Windows credentials are not valid.");

    expect(await stateWithoutGuards()).toEqual(before);
    const refusals = await p.db.auditEvent.findMany({ where: { action: "token.grant.ntlm.refused" } });
    expect(refusals.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(refusals)).not.toContain(password);
  });

  it("needs the challenge id with a Type 3 message", async () => {
    const { type2 } = await challenge();
    const res = await p.token({ grant_type: NTLM, windows_token: type3For(type2, password) }, client);
    expect(res.body).toMatchObject({ error: "invalid_request" });
  });

  it("is unsupported without a configured Windows domain", async () => {
    await p.db.identityProvider.updateMany({ where: { type: "NTLM" }, data: { enabled: false } });
    try {
      const type1 = createType1Message({ domain: "CORP", workstation: "WS1" }).slice(5);
      const res = await p.token({ grant_type: NTLM, windows_token: type1 }, client);
      expect(res.body.error).toBe("unsupported_grant_type");
    } finally {
      await p.db.identityProvider.updateMany({ where: { type: "NTLM" }, data: { enabled: true } });
    }
  });
});
