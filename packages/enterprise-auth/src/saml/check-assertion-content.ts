// What a signed assertion says, read only from the signed bytes: its instants, Issuer, Conditions
// (time window and audience, RFC 7522 2.3), Subject with its bearer confirmation for the token
// endpoint, and attributes.
import { EnterpriseAuthError } from "../errors.ts";
import { childElements, firstChildElement } from "./parse-assertion-xml.ts";
import {
  BEARER_METHOD,
  ENTITY_NAMEID_FORMAT,
  SAML_ASSERTION_NS,
  UNSPECIFIED_NAMEID_FORMAT,
} from "./xml-names.ts";

const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function readInstant(element: Element, attribute: string, required: boolean): number | undefined {
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

export function checkIssuer(assertion: Element, entityId: string): void {
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
export function checkConditions(
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

export function readSubject(
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

export function readAttributes(assertion: Element): Record<string, string[]> {
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
