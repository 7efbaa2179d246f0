// RFC 8705 2: client authentication by the TLS client certificate. tls_client_auth (2.1): a
// certificate from the client CA the admin configured whose subject DN is the client's registered
// one. self_signed_tls_client_auth (2.2): a certificate registered for the client's application,
// matched by its thumbprint. A missing or other certificate is invalid_client.
import { InvalidClient } from "../errors";
import type { KeyManager } from "../key-manager";
import type { PresentedCertificate } from "./client-certificate";
import type { ClientRecord } from "./find-client";

/** What a client registered: its application's certificates, or its RFC 7591 `tls_client_auth_subject_dn`. */
function registeredCertificates(km: KeyManager, client: ClientRecord) {
  const now = km.now().getTime();
  const certificates = (client.application?.certificates ?? []).filter((c) => c.notAfter.getTime() > now);
  const metadata = client.registrationMetadata;
  const dn =
    metadata && typeof metadata === "object" && !Array.isArray(metadata)
      ? (metadata as Record<string, unknown>).tls_client_auth_subject_dn
      : undefined;
  return {
    thumbprints: new Set(certificates.map((c) => c.thumbprint)),
    subjectDns: new Set([...certificates.map((c) => c.subjectDn), ...(typeof dn === "string" ? [dn] : [])]),
  };
}

export function checkClientCertificate(
  km: KeyManager,
  client: ClientRecord,
  method: "tls_client_auth" | "self_signed_tls_client_auth",
  certificate: PresentedCertificate | undefined,
): void {
  if (!certificate)
    throw new InvalidClient(`${method} needs a client certificate on the TLS connection (mutual TLS)`);
  const registered = registeredCertificates(km, client);
  if (method === "self_signed_tls_client_auth") {
    if (!registered.thumbprints.has(certificate.thumbprint))
      throw new InvalidClient("the client certificate is not one registered for this client");
    return;
  }
  if (!km.clientCaConfigured)
    throw new InvalidClient(
      "tls_client_auth is not available: no client CA is configured for the key manager",
    );
  if (!certificate.chainsToClientCa)
    throw new InvalidClient("the client certificate is not issued by the client CA this key manager trusts");
  if (!registered.subjectDns.has(certificate.subjectDn))
    throw new InvalidClient(
      "the client certificate's subject does not match the one registered for this client",
    );
}
