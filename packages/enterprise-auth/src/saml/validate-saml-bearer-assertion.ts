import { X509Certificate } from "node:crypto";
import { EnterpriseAuthError } from "../errors.ts";
import {
  checkConditions,
  checkIssuer,
  readAttributes,
  readInstant,
  readSubject,
} from "./check-assertion-content.ts";
import {
  checkAssertionStructure,
  checkSignedInfo,
  verifyAssertionSignature,
} from "./check-assertion-signature.ts";
import { decodeAssertion } from "./decode-assertion.ts";
import { childElements, parseAssertionXml } from "./parse-assertion-xml.ts";
import { SAML_ASSERTION_NS } from "./xml-names.ts";

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
