// RFC 8705: the client certificate of the connection a request came over. The token endpoint's
// TLS server asks for one without requiring it; Node has already checked it against the client
// CA the admin configured (PORTICO_KM_CLIENT_CA), which `chainsToClientCa` reports.
import { X509Certificate } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { certificateSubjectDn, certificateThumbprint } from "@portico/tokens";

/**
 * TLS server options: ask every client for a certificate, require none. The handshake checks it
 * against the client CA when one is configured; the endpoints decide what a missing or
 * unverified one means. Without a CA only `self_signed_tls_client_auth` and bound tokens work.
 */
export function clientCertificateRequest(clientCa: string | undefined) {
  return { requestCert: true, rejectUnauthorized: false, ...(clientCa ? { ca: clientCa } : {}) };
}

export interface PresentedCertificate {
  /** base64url SHA-256 of the DER certificate (`x5t#S256`) */
  thumbprint: string;
  /** RFC 4514 subject, as `certificateSubjectDn` writes it */
  subjectDn: string;
  /** the TLS handshake verified it against the configured client CA (valid dates included) */
  chainsToClientCa: boolean;
}

/** The subject, or "" (matching no registered subject) for a certificate OpenSSL accepted but Node cannot read. */
function subjectOf(der: Buffer): string {
  try {
    return certificateSubjectDn(new X509Certificate(der));
  } catch {
    return "";
  }
}

const seen = new WeakMap<object, PresentedCertificate | null>();

/** The connection's client certificate, read once per connection; undefined when it showed none. */
export function presentedCertificate(
  req: IncomingMessage,
  clientCaConfigured: boolean,
): PresentedCertificate | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== "function") return undefined;
  const known = seen.get(socket);
  if (known !== undefined) return known ?? undefined;
  const peer = socket.getPeerCertificate();
  let found: PresentedCertificate | null = null;
  if (peer?.raw) {
    found = {
      thumbprint: certificateThumbprint(peer.raw),
      subjectDn: subjectOf(peer.raw),
      // without a configured CA, Node checks against its default roots: that vouches for nothing here
      chainsToClientCa: clientCaConfigured && socket.authorized === true,
    };
  }
  seen.set(socket, found);
  return found ?? undefined;
}
