// The `assertion` parameter to XML text: base64url, bounded in size before and after decoding,
// strict UTF-8, and no DTD at all (refused before any parser sees the text: no entity expansion,
// no external fetches).
import { EnterpriseAuthError } from "../errors.ts";

const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;
const DTD_PATTERN = /<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST/i;

export function decodeAssertion(encoded: string, maxBytes: number): string {
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
