// A test identity provider: a key and self-signed certificate made by openssl, assertions
// written as XML text, signatures produced by xmlsec1 (the independent peer).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TestSigningKey {
  keyPath: string;
  certPath: string;
  certificatePem: string;
}

export function createSigningKey(dir: string, name: string): TestSigningKey {
  const keyPath = join(dir, `${name}-key.pem`);
  const certPath = join(dir, `${name}-cert.pem`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      keyPath,
      "-out",
      certPath,
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
    ],
    { stdio: "pipe" },
  );
  return { keyPath, certPath, certificatePem: readFileSync(certPath, "utf8") };
}

export const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
export const SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
export const RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
export const SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1";

export interface AssertionFields {
  id?: string;
  issuer: string;
  nameId: string;
  audience: string;
  recipient: string;
  issueInstant: Date;
  notBefore: Date;
  notOnOrAfter: Date;
  attributes?: Record<string, string[]>;
  sessionIndex?: string;
  /** ID of the element the signature references; defaults to the assertion id. */
  referenceId?: string;
  /** Extra XML placed inside <saml:Advice> (used for signature-over-another-element). */
  advice?: string;
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
}

export function newAssertionId(): string {
  return `_${randomBytes(16).toString("hex")}`;
}

export function signatureTemplate(
  referenceId: string,
  signatureAlgorithm = RSA_SHA256,
  digestAlgorithm = SHA256,
): string {
  return `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="${signatureAlgorithm}"/><ds:Reference URI="#${referenceId}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="${digestAlgorithm}"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature>`;
}

export function buildAssertionXml(fields: AssertionFields): { xml: string; id: string } {
  const id = fields.id ?? newAssertionId();
  const iso = (date: Date) => date.toISOString();
  const attributes = Object.entries(fields.attributes ?? {})
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${name}">${values.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join("")}</saml:Attribute>`,
    )
    .join("");
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${iso(fields.issueInstant)}">
  <saml:Issuer>${fields.issuer}</saml:Issuer>
  ${signatureTemplate(fields.referenceId ?? id, fields.signatureAlgorithm, fields.digestAlgorithm)}
  <saml:Subject>
    <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${fields.nameId}</saml:NameID>
    <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
      <saml:SubjectConfirmationData Recipient="${fields.recipient}" NotOnOrAfter="${iso(fields.notOnOrAfter)}"/>
    </saml:SubjectConfirmation>
  </saml:Subject>
  <saml:Conditions NotBefore="${iso(fields.notBefore)}" NotOnOrAfter="${iso(fields.notOnOrAfter)}">
    <saml:AudienceRestriction><saml:Audience>${fields.audience}</saml:Audience></saml:AudienceRestriction>
  </saml:Conditions>${fields.advice ? `\n  <saml:Advice>${fields.advice}</saml:Advice>` : ""}
  <saml:AuthnStatement AuthnInstant="${iso(fields.issueInstant)}"${fields.sessionIndex ? ` SessionIndex="${fields.sessionIndex}"` : ""}>
    <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
  </saml:AuthnStatement>${attributes ? `\n  <saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : ""}
</saml:Assertion>
`;
  return { xml, id };
}

/** Signs the template in `xml` with xmlsec1; `idAttributes` lists `ID` attributes xmlsec1 must register (`ns:Element`). */
export function signWithXmlsec(
  dir: string,
  xml: string,
  key: TestSigningKey,
  idAttributes = ["urn:oasis:names:tc:SAML:2.0:assertion:Assertion"],
): string {
  const name = randomBytes(6).toString("hex");
  const input = join(dir, `${name}-in.xml`);
  const output = join(dir, `${name}-out.xml`);
  writeFileSync(input, xml);
  execFileSync(
    "xmlsec1",
    [
      "--sign",
      "--privkey-pem",
      `${key.keyPath},${key.certPath}`,
      ...idAttributes.flatMap((nodeName) => ["--id-attr:ID", nodeName]),
      "--output",
      output,
      input,
    ],
    { stdio: "pipe" },
  );
  return readFileSync(output, "utf8");
}

export function toBase64url(xml: string): string {
  return Buffer.from(xml, "utf8").toString("base64url");
}
