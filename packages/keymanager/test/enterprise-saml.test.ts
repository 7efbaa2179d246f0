// The SAML 2.0 bearer grant (RFC 7522) through the real token endpoint, with assertions signed by
// xmlsec1, a peer Portico did not write.
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
import {
  type EnterprisePlatform,
  stateWithoutGuards as enterpriseState,
  lastAudit as lastAuditOf,
  SAML2,
  startEnterprisePlatform,
} from "./enterprise-fixture";
import { createClient, type Platform } from "./fixture";

const ENTITY_ID = "https://idp.corp.example.test/saml";

let p: Platform;
let client: EnterprisePlatform["client"];
let dir: string;
let enterprise: EnterprisePlatform;
beforeAll(async () => {
  enterprise = await startEnterprisePlatform();
  ({ p, client, dir } = enterprise);
});
afterAll(async () => {
  await enterprise?.close();
});
const stateWithoutGuards = () => enterpriseState(p);
const lastAudit = (action: string) => lastAuditOf(p, action);

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
