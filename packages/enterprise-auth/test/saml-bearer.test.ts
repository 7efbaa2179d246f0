import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnterpriseAuthError, type SamlIdentityProvider, validateSamlBearerAssertion } from "../src/index.ts";
import {
  type AssertionFields,
  buildAssertionXml,
  createSigningKey,
  newAssertionId,
  RSA_SHA1,
  SHA1,
  signatureTemplate,
  signWithXmlsec,
  type TestSigningKey,
  toBase64url,
} from "./saml-idp.ts";

const ENTITY_ID = "https://idp.example.test/saml";
const AUDIENCE = "https://localhost:9443/oauth2/token";
const TOKEN_URL = "https://localhost:9443/oauth2/token";

let dir: string;
let idpKey: TestSigningKey;
let rotatedOutKey: TestSigningKey;
let attackerKey: TestSigningKey;
const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);
const now = new Date(t0.getTime() + 10_000);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "portico-saml-"));
  idpKey = createSigningKey(dir, "idp");
  rotatedOutKey = createSigningKey(dir, "idp-old");
  attackerKey = createSigningKey(dir, "attacker");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function idp(overrides: Partial<SamlIdentityProvider> = {}): SamlIdentityProvider {
  return {
    entityId: ENTITY_ID,
    certificates: [idpKey.certificatePem],
    audience: AUDIENCE,
    clockSkewSeconds: 60,
    allowSha1: false,
    ...overrides,
  };
}

function fields(overrides: Partial<AssertionFields> = {}): AssertionFields {
  return {
    issuer: ENTITY_ID,
    nameId: "alice@example.com",
    audience: AUDIENCE,
    recipient: TOKEN_URL,
    issueInstant: t0,
    notBefore: t0,
    notOnOrAfter: new Date(t0.getTime() + 300_000),
    attributes: { groups: ["engineering", "admins"], mail: ["alice@example.com"] },
    sessionIndex: "_session-1",
    ...overrides,
  };
}

function signedAssertion(
  overrides: Partial<AssertionFields> = {},
  key = idpKey,
): { xml: string; id: string } {
  const { xml, id } = buildAssertionXml(fields(overrides));
  return { xml: signWithXmlsec(dir, xml, key), id };
}

function memoryReplayGuard() {
  const seen = new Map<string, Date>();
  return {
    seen,
    guard: async (assertionId: string, rememberUntil: Date) => {
      if (seen.has(assertionId)) return false;
      seen.set(assertionId, rememberUntil);
      return true;
    },
  };
}

async function validate(
  xml: string,
  options: { idp?: SamlIdentityProvider; now?: Date; guard?: ReturnType<typeof memoryReplayGuard> } = {},
) {
  return validateSamlBearerAssertion(toBase64url(xml), {
    idp: options.idp ?? idp(),
    tokenEndpointUrl: TOKEN_URL,
    now: options.now ?? now,
    replayGuard: (options.guard ?? memoryReplayGuard()).guard,
  });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EnterpriseAuthError);
    return (error as EnterpriseAuthError).code;
  }
  throw new Error("expected the assertion to be refused");
}

function signatureOf(signedXml: string): string {
  const match = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signedXml);
  if (!match) throw new Error("no signature in signed XML");
  return match[0];
}

function withoutDeclaration(xml: string): string {
  return xml.replace(/^<\?xml[^>]*\?>\s*/, "");
}

describe("SAML 2.0 bearer assertion signed by xmlsec1", () => {
  it("accepts a valid assertion and returns the signed identity", async () => {
    const { xml, id } = signedAssertion();
    const guard = memoryReplayGuard();
    const identity = await validate(xml, { guard });
    expect(identity).toEqual({
      nameId: "alice@example.com",
      nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
      attributes: { groups: ["engineering", "admins"], mail: ["alice@example.com"] },
      assertionId: id,
      sessionIndex: "_session-1",
      notOnOrAfter: new Date(t0.getTime() + 300_000),
    });
    // the guard is asked to remember the id until the last instant it could still validate
    expect(guard.seen.get(id)).toEqual(new Date(t0.getTime() + 300_000 + 60_000));
  });

  it("accepts a signature by any configured certificate (rotation)", async () => {
    const { xml } = signedAssertion();
    const identity = await validate(xml, {
      idp: idp({ certificates: [rotatedOutKey.certificatePem, idpKey.certificatePem] }),
    });
    expect(identity.nameId).toBe("alice@example.com");
  });

  it("refuses a tampered assertion", async () => {
    const { xml } = signedAssertion();
    const tampered = xml.replace(">alice@example.com</saml:NameID>", ">admin@example.com</saml:NameID>");
    expect(tampered).not.toBe(xml);
    expect(await refusal(validate(tampered))).toBe("saml_signature_invalid");
    const moreTime = xml.replace(
      /NotOnOrAfter="[^"]+"/g,
      `NotOnOrAfter="${new Date(t0.getTime() + 86_400_000).toISOString()}"`,
    );
    expect(await refusal(validate(moreTime))).toBe("saml_signature_invalid");
  });

  it("refuses an assertion re-signed by another key, even with that key's certificate in KeyInfo", async () => {
    const { xml } = signedAssertion({}, attackerKey);
    expect(xml).toContain("<ds:X509Certificate>");
    expect(await refusal(validate(xml))).toBe("saml_signature_invalid");
  });

  it("refuses an expired assertion, and tolerates the configured clock skew", async () => {
    const { xml } = signedAssertion();
    const justAfter = new Date(t0.getTime() + 300_000 + 30_000);
    expect((await validate(xml, { now: justAfter })).nameId).toBe("alice@example.com");
    const { xml: again } = signedAssertion();
    const beyondSkew = new Date(t0.getTime() + 300_000 + 61_000);
    expect(await refusal(validate(again, { now: beyondSkew }))).toBe("saml_expired");
  });

  it("refuses an assertion that is not valid yet", async () => {
    const future = new Date(t0.getTime() + 600_000);
    const { xml } = signedAssertion({
      issueInstant: future,
      notBefore: future,
      notOnOrAfter: new Date(future.getTime() + 300_000),
    });
    expect(await refusal(validate(xml))).toBe("saml_not_yet_valid");
  });

  it("refuses a wrong audience", async () => {
    const { xml } = signedAssertion({ audience: "https://other-sp.example.test" });
    expect(await refusal(validate(xml))).toBe("saml_audience_mismatch");
  });

  it("refuses a wrong recipient", async () => {
    const { xml } = signedAssertion({ recipient: "https://elsewhere.example.test/oauth2/token" });
    expect(await refusal(validate(xml))).toBe("saml_recipient_mismatch");
  });

  it("refuses another issuer", async () => {
    const { xml } = signedAssertion({ issuer: "https://other-idp.example.test" });
    expect(await refusal(validate(xml))).toBe("saml_issuer_mismatch");
  });

  it("refuses a replayed assertion", async () => {
    const { xml } = signedAssertion();
    const guard = memoryReplayGuard();
    await validate(xml, { guard });
    expect(await refusal(validate(xml, { guard }))).toBe("saml_replayed");
  });

  it("refuses SHA-1 unless the identity provider allows it", async () => {
    const { xml } = signedAssertion({ signatureAlgorithm: RSA_SHA1, digestAlgorithm: SHA1 });
    expect(await refusal(validate(xml))).toBe("saml_algorithm_forbidden");
    expect((await validate(xml, { idp: idp({ allowSha1: true }) })).nameId).toBe("alice@example.com");
  });

  it("refuses a DOCTYPE or entity declaration before parsing", async () => {
    const { xml } = signedAssertion();
    const withDoctype = xml.replace(
      /^<\?xml[^>]*\?>/,
      '<?xml version="1.0"?><!DOCTYPE saml:Assertion [<!ENTITY who "alice@example.com">]>',
    );
    expect(await refusal(validate(withDoctype))).toBe("saml_dtd_forbidden");
  });

  it("reads the whole NameID when a comment was injected into it after signing", async () => {
    const { xml } = signedAssertion({ nameId: "alice@example.com.evil.test" });
    const injected = xml.replace("alice@example.com.evil.test", "alice@example.com<!---->.evil.test");
    const identity = await validate(injected);
    expect(identity.nameId).toBe("alice@example.com.evil.test");
  });

  it("refuses an unsigned assertion, garbage and oversized input", async () => {
    const { xml } = buildAssertionXml(fields());
    const unsigned = xml.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, "");
    expect(await refusal(validate(unsigned))).toBe("saml_signature_missing");
    expect(await refusal(validate("<saml:Assertion"))).toBe("saml_malformed");
    const guard = memoryReplayGuard().guard;
    expect(
      await refusal(
        validateSamlBearerAssertion("not base64!", {
          idp: idp(),
          tokenEndpointUrl: TOKEN_URL,
          now,
          replayGuard: guard,
        }),
      ),
    ).toBe("saml_malformed");
    const big = "A".repeat(200_000);
    expect(
      await refusal(
        validateSamlBearerAssertion(big, {
          idp: idp(),
          tokenEndpointUrl: TOKEN_URL,
          now,
          replayGuard: guard,
        }),
      ),
    ).toBe("saml_too_large");
  });

  describe("signature wrapping (XSW)", () => {
    it("refuses an attacker assertion carrying the genuine signature, original moved into ds:Object", async () => {
      const { xml: original } = signedAssertion();
      const signature = signatureOf(original);
      const originalWithoutSignature = withoutDeclaration(original.replace(signature, ""));
      const evilId = newAssertionId();
      const { xml: evil } = buildAssertionXml(fields({ id: evilId, nameId: "admin@example.com" }));
      const wrapped = evil.replace(
        signatureTemplate(evilId),
        signature.replace(
          "</ds:Signature>",
          `<ds:Object>${originalWithoutSignature}</ds:Object></ds:Signature>`,
        ),
      );
      expect(wrapped).toContain("admin@example.com");
      expect(await refusal(validate(wrapped))).toBe("saml_structure_invalid");
    });

    it("refuses an attacker assertion with the same ID as the genuine one, which hides in Advice", async () => {
      const { xml: original, id } = signedAssertion();
      const { xml: evil } = buildAssertionXml(
        fields({ id, nameId: "admin@example.com", advice: withoutDeclaration(original) }),
      );
      const wrapped = evil.replace(signatureTemplate(id), signatureOf(original));
      expect(await refusal(validate(wrapped))).toBe("saml_structure_invalid");
    });

    it("refuses a genuine assertion wrapped next to an attacker assertion", async () => {
      const { xml: original } = signedAssertion();
      const { xml: evil } = buildAssertionXml(fields({ nameId: "admin@example.com" }));
      const wrapped = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${withoutDeclaration(evil.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ""))}${withoutDeclaration(original)}</samlp:Response>`;
      expect(await refusal(validate(wrapped))).toBe("saml_structure_invalid");
    });

    it("refuses a genuine IdP signature that covers another element than the assertion", async () => {
      const blobId = newAssertionId();
      const { xml } = buildAssertionXml(
        fields({
          referenceId: blobId,
          advice: `<x:Blob xmlns:x="urn:example:blob" ID="${blobId}">signed blob</x:Blob>`,
        }),
      );
      const signed = signWithXmlsec(dir, xml, idpKey, ["urn:example:blob:Blob"]);
      expect(await refusal(validate(signed))).toBe("saml_structure_invalid");
    });
  });
});
