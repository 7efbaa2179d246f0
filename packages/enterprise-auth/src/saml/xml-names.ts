export const SAML_ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
export const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

export const BEARER_METHOD = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
export const ENTITY_NAMEID_FORMAT = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";
export const UNSPECIFIED_NAMEID_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

export const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
export const ENVELOPED_SIGNATURE = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/** Signature algorithms accepted; SHA-1 ones only when the identity provider allows them. */
export const STRONG_SIGNATURE_ALGORITHMS = new Set([
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
]);
export const SHA1_SIGNATURE_ALGORITHMS = new Set(["http://www.w3.org/2000/09/xmldsig#rsa-sha1"]);

export const STRONG_DIGEST_ALGORITHMS = new Set([
  "http://www.w3.org/2001/04/xmlenc#sha256",
  "http://www.w3.org/2001/04/xmlenc#sha512",
]);
export const SHA1_DIGEST_ALGORITHMS = new Set(["http://www.w3.org/2000/09/xmldsig#sha1"]);
