// RFC 8705: how a client certificate is named wherever Portico records or compares one. The
// developer portal stores these values when a certificate is registered; the key manager and the
// gateway compute them from the connection's certificate, so all three must agree.
import { createHash, type X509Certificate } from "node:crypto";

/** base64url SHA-256 of the DER certificate: the `x5t#S256` confirmation (RFC 8705 3.1). */
export function certificateThumbprint(der: Uint8Array): string {
  return createHash("sha256").update(der).digest("base64url");
}

/**
 * The subject as an RFC 4514 string (`CN=orders-app,O=Example,C=NL`): most specific first,
 * attributes as OpenSSL escapes them. Compared exactly for `tls_client_auth` (RFC 8705 2.1.2).
 */
export function certificateSubjectDn(cert: X509Certificate): string {
  return cert.subject.split("\n").filter(Boolean).reverse().join(",");
}
