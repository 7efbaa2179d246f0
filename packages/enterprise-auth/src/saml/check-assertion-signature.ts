import { SignedXml } from "xml-crypto";
import { EnterpriseAuthError } from "../errors.ts";
import { allElements, childElements } from "./parse-assertion-xml.ts";
import {
  DSIG_NS,
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  SAML_ASSERTION_NS,
  SHA1_DIGEST_ALGORITHMS,
  SHA1_SIGNATURE_ALGORITHMS,
  STRONG_DIGEST_ALGORITHMS,
  STRONG_SIGNATURE_ALGORITHMS,
} from "./xml-names.ts";

const ID_ATTRIBUTE_NAMES = new Set(["ID", "Id", "id"]);

function refuseStructure(message: string): never {
  throw new EnterpriseAuthError("saml_structure_invalid", message);
}

/**
 * Refuses the shapes signature-wrapping attacks (XSW) need before any cryptography runs: the
 * document must be exactly one Assertion, no ID value may appear twice anywhere, and the one
 * Signature must be a direct child of that Assertion.
 */
export function checkAssertionStructure(document: Document): { assertion: Element; signature: Element } {
  const root = document.documentElement;
  if (root.namespaceURI !== SAML_ASSERTION_NS || root.localName !== "Assertion") {
    refuseStructure("The assertion parameter must hold a single SAML 2.0 Assertion element.");
  }
  const elements = allElements(document);
  const seenIds = new Set<string>();
  let assertions = 0;
  const signatures: Element[] = [];
  for (const element of elements) {
    if (element.namespaceURI === SAML_ASSERTION_NS) {
      if (element.localName === "Assertion" || element.localName === "EncryptedAssertion") assertions += 1;
    }
    if (element.namespaceURI === DSIG_NS && element.localName === "Signature") signatures.push(element);
    for (let i = 0; i < element.attributes.length; i += 1) {
      const attribute = element.attributes.item(i);
      if (!attribute || !ID_ATTRIBUTE_NAMES.has(attribute.localName ?? attribute.name)) continue;
      if (seenIds.has(attribute.value)) refuseStructure("The assertion contains a duplicated ID value.");
      seenIds.add(attribute.value);
    }
  }
  if (assertions !== 1) refuseStructure("The assertion parameter must hold exactly one Assertion.");
  if (signatures.length === 0) {
    throw new EnterpriseAuthError("saml_signature_missing", "The assertion is not signed.");
  }
  const signature = signatures[0] as Element;
  if (signatures.length > 1 || signature.parentNode !== root) {
    refuseStructure("The assertion must carry exactly one Signature, directly inside the Assertion.");
  }
  return { assertion: root, signature };
}

function algorithmOf(element: Element | undefined): string {
  return element?.getAttribute("Algorithm") ?? "";
}

function refuseAlgorithm(message: string): never {
  throw new EnterpriseAuthError("saml_algorithm_forbidden", message);
}

/** The SignedInfo must reference the Assertion itself, with exclusive C14N and allowed algorithms. */
export function checkSignedInfo(assertion: Element, signature: Element, allowSha1: boolean): void {
  const signedInfos = childElements(signature, DSIG_NS, "SignedInfo");
  if (signedInfos.length !== 1) refuseStructure("The signature must have exactly one SignedInfo.");
  const signedInfo = signedInfos[0] as Element;

  const c14n = algorithmOf(childElements(signedInfo, DSIG_NS, "CanonicalizationMethod")[0]);
  if (c14n !== EXC_C14N) refuseAlgorithm("The signature must use exclusive XML canonicalization.");

  const signatureAlgorithm = algorithmOf(childElements(signedInfo, DSIG_NS, "SignatureMethod")[0]);
  const sha1Signature = SHA1_SIGNATURE_ALGORITHMS.has(signatureAlgorithm);
  if (!STRONG_SIGNATURE_ALGORITHMS.has(signatureAlgorithm) && !(allowSha1 && sha1Signature)) {
    refuseAlgorithm(
      sha1Signature
        ? "SHA-1 signatures are not accepted from this identity provider."
        : "The signature algorithm is not supported.",
    );
  }

  const references = childElements(signedInfo, DSIG_NS, "Reference");
  if (references.length !== 1) refuseStructure("The signature must have exactly one Reference.");
  const reference = references[0] as Element;
  const assertionId = assertion.getAttribute("ID") ?? "";
  if (assertionId === "" || reference.getAttribute("URI") !== `#${assertionId}`) {
    refuseStructure("The signature does not cover the Assertion.");
  }

  const transforms = childElements(reference, DSIG_NS, "Transforms")[0];
  const transformAlgorithms = transforms
    ? childElements(transforms, DSIG_NS, "Transform").map((transform) => algorithmOf(transform))
    : [];
  if (!transformAlgorithms.includes(ENVELOPED_SIGNATURE)) {
    refuseStructure("The signature must be an enveloped signature of the Assertion.");
  }
  for (const algorithm of transformAlgorithms) {
    if (algorithm !== ENVELOPED_SIGNATURE && algorithm !== EXC_C14N) {
      refuseAlgorithm("The signature uses a transform that is not accepted.");
    }
  }

  const digestAlgorithm = algorithmOf(childElements(reference, DSIG_NS, "DigestMethod")[0]);
  const sha1Digest = SHA1_DIGEST_ALGORITHMS.has(digestAlgorithm);
  if (!STRONG_DIGEST_ALGORITHMS.has(digestAlgorithm) && !(allowSha1 && sha1Digest)) {
    refuseAlgorithm(
      sha1Digest
        ? "SHA-1 digests are not accepted from this identity provider."
        : "The digest algorithm is not supported.",
    );
  }
}

/**
 * Verifies the signature against each trusted certificate (several during rotation) and returns
 * the canonical XML that was actually signed: every later check reads that, never the original
 * document, so content outside the signed bytes cannot influence the result.
 */
export function verifyAssertionSignature(xml: string, signature: Element, certificates: string[]): string {
  let lastError: unknown;
  for (const certificate of certificates) {
    const signedXml = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null });
    try {
      signedXml.loadSignature(signature);
      if (!signedXml.checkSignature(xml)) continue;
    } catch (error) {
      lastError = error;
      continue;
    }
    const signedReferences = signedXml.getSignedReferences();
    if (signedReferences.length !== 1) break;
    return signedReferences[0] as string;
  }
  throw new EnterpriseAuthError(
    "saml_signature_invalid",
    "The assertion signature is not valid for any trusted certificate of this identity provider.",
    lastError === undefined ? undefined : { cause: lastError },
  );
}
