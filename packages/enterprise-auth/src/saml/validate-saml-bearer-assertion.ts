import { X509Certificate } from "node:crypto";
import { EnterpriseAuthError } from "../errors.ts";
import {
  checkAssertionStructure,
  checkSignedInfo,
  verifyAssertionSignature,
} from "./check-assertion-signature.ts";
import { childElements, firstChildElement, parseAssertionXml } from "./parse-assertion-xml.ts";
import {
  BEARER_METHOD,
  ENTITY_NAMEID_FORMAT,
  SAML_ASSERTION_NS,
  UNSPECIFIED_NAMEID_FORMAT,
} from "./xml-names.ts";

/** A trusted SAML identity provider, as an admin registers it. */
export interface SamlIdentityProvider {
  /** Expected `<Issuer>` value. */
  entityId: string;
  /** PEM signing certificates; more than one while the IdP rotates its key. */
  certificates: string[];
  /** Value that must appear in every `<AudienceRestriction>` (the key manager's entity id or token URL). */
  audience: string;
  /** Tolerated clock difference, applied to every time comparison. */
  clockSkewSeconds: number;
  /** Accept RSA-SHA1 signatures and SHA-1 digests (legacy IdPs only). */
  allowSha1: boolean;
}

export interface ValidateSamlBearerOptions {
  idp: SamlIdentityProvider;
  /** The token endpoint URL: `SubjectConfirmationData/@Recipient` must equal it exactly. */
  tokenEndpointUrl: string;
  now?: Date;
  /**
   * Records the assertion id; resolves `true` on first use, `false` when already seen. It is called
   * only after every other check passed. `rememberUntil` is the last instant at which this assertion
   * could still validate (its NotOnOrAfter plus the clock skew): the record may be dropped after it.
   */
  replayGuard: (assertionId: string, rememberUntil: Date) => Promise<boolean>;
  /** Largest accepted decoded assertion, in bytes. Default 64 KiB. */
  maxAssertionBytes?: number;
}

export interface SamlIdentity {
  nameId: string;
  nameIdFormat: string;
  attributes: Record<string, string[]>;
  assertionId: string;
  sessionIndex?: string;
  /** The earliest of the assertion's NotOnOrAfter limits: no token should outlive it by design choice of the caller. */
  notOnOrAfter: Date;
}

const DEFAULT_MAX_ASSERTION_BYTES = 64 * 1024;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;
// Any DTD is refused before the parser sees the text: no entity expansion, no external fetches.
const DTD_PATTERN = /<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST/i;
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Validates an RFC 7522 SAML 2.0 bearer assertion (the `assertion` parameter, base64url) and
 * returns the identity it asserts. Throws {@link EnterpriseAuthError}; every code except
 * `config_invalid` maps to OAuth `invalid_grant`.
 *
 * @example
 * const identity = await validateSamlBearerAssertion(params.assertion, {
 *   idp, tokenEndpointUrl: "https://localhost:9443/oauth2/token",
 *   replayGuard: (id, until) => store.rememberOnce(`saml:${idp.entityId}:${id}`, until),
 * });
 */
export async function validateSamlBearerAssertion(
  assertionBase64url: string,
  options: ValidateSamlBearerOptions,
): Promise<SamlIdentity> {
  const { idp } = options;
  checkIdentityProvider(idp);
  const now = (options.now ?? new Date()).getTime();
  const skewMs = idp.clockSkewSeconds * 1000;

  const xml = decodeAssertion(assertionBase64url, options.maxAssertionBytes ?? DEFAULT_MAX_ASSERTION_BYTES);
  const document = parseAssertionXml(xml);
  const { assertion, signature } = checkAssertionStructure(document);
  checkSignedInfo(assertion, signature, idp.allowSha1);
  const signedXml = verifyAssertionSignature(xml, signature, idp.certificates);

  // From here on only the signed bytes are read.
  const signed = parseAssertionXml(signedXml).documentElement;
  if (signed.namespaceURI !== SAML_ASSERTION_NS || signed.localName !== "Assertion") {
    throw new EnterpriseAuthError("saml_structure_invalid", "The signature does not cover the Assertion.");
  }
  const assertionId = signed.getAttribute("ID") ?? "";
  if (assertionId !== assertion.getAttribute("ID")) {
    throw new EnterpriseAuthError("saml_structure_invalid", "The signature does not cover the Assertion.");
  }
  if (signed.getAttribute("Version") !== "2.0") {
    throw new EnterpriseAuthError("saml_structure_invalid", "Only SAML 2.0 assertions are accepted.");
  }
  const issueInstant = readInstant(signed, "IssueInstant", true);
  if (issueInstant !== undefined && issueInstant > now + skewMs) {
    throw new EnterpriseAuthError("saml_not_yet_valid", "The assertion was issued in the future.");
  }

  checkIssuer(signed, idp.entityId);
  const conditionsNotOnOrAfter = checkConditions(signed, idp.audience, now, skewMs);
  const { nameId, nameIdFormat, confirmationNotOnOrAfter } = readSubject(
    signed,
    options.tokenEndpointUrl,
    now,
    skewMs,
  );
  const notOnOrAfter = Math.min(confirmationNotOnOrAfter, conditionsNotOnOrAfter ?? Number.POSITIVE_INFINITY);

  const firstUse = await options.replayGuard(assertionId, new Date(notOnOrAfter + skewMs));
  if (!firstUse) {
    throw new EnterpriseAuthError("saml_replayed", "This assertion has already been used.");
  }

  const sessionIndex = childElements(signed, SAML_ASSERTION_NS, "AuthnStatement")[0]?.getAttribute(
    "SessionIndex",
  );
  return {
    nameId,
    nameIdFormat,
    attributes: readAttributes(signed),
    assertionId,
    ...(sessionIndex ? { sessionIndex } : {}),
    notOnOrAfter: new Date(notOnOrAfter),
  };
}

function checkIdentityProvider(idp: SamlIdentityProvider): void {
  const invalid = (message: string): never => {
    throw new EnterpriseAuthError("config_invalid", message);
  };
  if (!idp.entityId) invalid("The identity provider has no entity id.");
  if (!idp.audience) invalid("The identity provider has no expected audience.");
  if (!Number.isFinite(idp.clockSkewSeconds) || idp.clockSkewSeconds < 0 || idp.clockSkewSeconds > 600) {
    invalid("The identity provider clock skew must be between 0 and 600 seconds.");
  }
  if (idp.certificates.length === 0) invalid("The identity provider has no signing certificate.");
  for (const certificate of idp.certificates) {
    try {
      new X509Certificate(certificate);
    } catch (error) {
      throw new EnterpriseAuthError(
        "config_invalid",
        "An identity provider certificate is not a PEM X.509 certificate.",
        {
          cause: error,
        },
      );
    }
  }
}

function decodeAssertion(encoded: string, maxBytes: number): string {
  if (typeof encoded !== "string" || encoded.length === 0) {
    throw new EnterpriseAuthError("saml_malformed", "The assertion parameter is empty.");
  }
  if (encoded.length > Math.ceil(maxBytes / 3) * 4 + 4) {
    throw new EnterpriseAuthError("saml_too_large", "The assertion is too large.");
  }
  if (!BASE64_PATTERN.test(encoded)) {
    throw new EnterpriseAuthError("saml_malformed", "The assertion parameter is not base64url.");
  }
  const bytes = Buffer.from(encoded, "base64url");
  if (bytes.length > maxBytes) throw new EnterpriseAuthError("saml_too_large", "The assertion is too large.");
  let xml: string;
  try {
    xml = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new EnterpriseAuthError("saml_malformed", "The assertion is not UTF-8 XML.", { cause: error });
  }
  if (DTD_PATTERN.test(xml)) {
    throw new EnterpriseAuthError(
      "saml_dtd_forbidden",
      "Assertions must not contain a DOCTYPE or entity declarations.",
    );
  }
  return xml;
}

function readInstant(element: Element, attribute: string, required: boolean): number | undefined {
  const value = element.getAttribute(attribute);
  if (value === null || value === "") {
    if (required) {
      throw new EnterpriseAuthError(
        "saml_structure_invalid",
        `The ${element.localName} element lacks ${attribute}.`,
      );
    }
    return undefined;
  }
  const time = DATE_TIME_PATTERN.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new EnterpriseAuthError(
      "saml_structure_invalid",
      `${element.localName}/@${attribute} is not an xs:dateTime.`,
    );
  }
  return time;
}

function checkIssuer(assertion: Element, entityId: string): void {
  // Schema order puts Issuer first; a later Issuer is a sign of a crafted document.
  const first = firstChildElement(assertion);
  if (!first || first.namespaceURI !== SAML_ASSERTION_NS || first.localName !== "Issuer") {
    throw new EnterpriseAuthError("saml_issuer_mismatch", "The assertion has no Issuer.");
  }
  const format = first.getAttribute("Format");
  if (format && format !== ENTITY_NAMEID_FORMAT) {
    throw new EnterpriseAuthError(
      "saml_issuer_mismatch",
      "The assertion Issuer is not an entity identifier.",
    );
  }
  if ((first.textContent ?? "").trim() !== entityId) {
    throw new EnterpriseAuthError(
      "saml_issuer_mismatch",
      "The assertion was not issued by this identity provider.",
    );
  }
}

/** Returns Conditions/@NotOnOrAfter when present. RFC 7522 2.3 requires an AudienceRestriction. */
function checkConditions(
  assertion: Element,
  audience: string,
  now: number,
  skewMs: number,
): number | undefined {
  const all = childElements(assertion, SAML_ASSERTION_NS, "Conditions");
  if (all.length !== 1) {
    throw new EnterpriseAuthError(
      "saml_audience_mismatch",
      "The assertion must have one Conditions element with an audience.",
    );
  }
  const conditions = all[0] as Element;
  const notBefore = readInstant(conditions, "NotBefore", false);
  if (notBefore !== undefined && now + skewMs < notBefore) {
    throw new EnterpriseAuthError("saml_not_yet_valid", "The assertion is not valid yet.");
  }
  const notOnOrAfter = readInstant(conditions, "NotOnOrAfter", false);
  if (notOnOrAfter !== undefined && now - skewMs >= notOnOrAfter) {
    throw new EnterpriseAuthError("saml_expired", "The assertion has expired.");
  }
  const restrictions = childElements(conditions, SAML_ASSERTION_NS, "AudienceRestriction");
  if (restrictions.length === 0) {
    throw new EnterpriseAuthError("saml_audience_mismatch", "The assertion has no audience restriction.");
  }
  // SAML core 2.5.1.4: every AudienceRestriction must be satisfied.
  for (const restriction of restrictions) {
    const audiences = childElements(restriction, SAML_ASSERTION_NS, "Audience").map((a) =>
      (a.textContent ?? "").trim(),
    );
    if (!audiences.includes(audience)) {
      throw new EnterpriseAuthError(
        "saml_audience_mismatch",
        "The assertion is not intended for this authorization server.",
      );
    }
  }
  return notOnOrAfter;
}

function readSubject(
  assertion: Element,
  tokenEndpointUrl: string,
  now: number,
  skewMs: number,
): { nameId: string; nameIdFormat: string; confirmationNotOnOrAfter: number } {
  const subjects = childElements(assertion, SAML_ASSERTION_NS, "Subject");
  if (subjects.length !== 1) {
    throw new EnterpriseAuthError("saml_structure_invalid", "The assertion must have exactly one Subject.");
  }
  const subject = subjects[0] as Element;
  const nameIds = childElements(subject, SAML_ASSERTION_NS, "NameID");
  if (nameIds.length !== 1) {
    throw new EnterpriseAuthError(
      "saml_structure_invalid",
      "The Subject must have one plain NameID (encrypted identifiers are not supported).",
    );
  }
  const nameIdElement = nameIds[0] as Element;
  // textContent of the signed canonical form: comments were dropped by C14N, so a comment
  // inserted into the NameID cannot truncate the value we read.
  const nameId = (nameIdElement.textContent ?? "").trim();
  if (nameId === "") throw new EnterpriseAuthError("saml_structure_invalid", "The NameID is empty.");

  // RFC 7522 2.3: at least one bearer SubjectConfirmation whose data names our endpoint.
  let failure: EnterpriseAuthError | undefined;
  for (const confirmation of childElements(subject, SAML_ASSERTION_NS, "SubjectConfirmation")) {
    if (confirmation.getAttribute("Method") !== BEARER_METHOD) continue;
    const data = childElements(confirmation, SAML_ASSERTION_NS, "SubjectConfirmationData")[0];
    if (!data) {
      failure ??= new EnterpriseAuthError(
        "saml_subject_confirmation_invalid",
        "The bearer confirmation has no data.",
      );
      continue;
    }
    if (data.getAttribute("Recipient") !== tokenEndpointUrl) {
      failure ??= new EnterpriseAuthError(
        "saml_recipient_mismatch",
        "The assertion's Recipient is not this token endpoint.",
      );
      continue;
    }
    const notOnOrAfter = readInstant(data, "NotOnOrAfter", true) as number;
    if (now - skewMs >= notOnOrAfter) {
      failure ??= new EnterpriseAuthError(
        "saml_expired",
        "The assertion's subject confirmation has expired.",
      );
      continue;
    }
    const notBefore = readInstant(data, "NotBefore", false);
    if (notBefore !== undefined && now + skewMs < notBefore) {
      failure ??= new EnterpriseAuthError(
        "saml_not_yet_valid",
        "The assertion's subject confirmation is not valid yet.",
      );
      continue;
    }
    return {
      nameId,
      nameIdFormat: nameIdElement.getAttribute("Format") || UNSPECIFIED_NAMEID_FORMAT,
      confirmationNotOnOrAfter: notOnOrAfter,
    };
  }
  throw (
    failure ??
    new EnterpriseAuthError(
      "saml_subject_confirmation_invalid",
      "The assertion has no bearer subject confirmation.",
    )
  );
}

function readAttributes(assertion: Element): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  for (const statement of childElements(assertion, SAML_ASSERTION_NS, "AttributeStatement")) {
    for (const attribute of childElements(statement, SAML_ASSERTION_NS, "Attribute")) {
      const name = attribute.getAttribute("Name");
      if (!name) continue;
      const values = childElements(attribute, SAML_ASSERTION_NS, "AttributeValue").map((v) =>
        (v.textContent ?? "").trim(),
      );
      const existing = attributes[name];
      if (existing) existing.push(...values);
      else attributes[name] = values;
    }
  }
  return attributes;
}
