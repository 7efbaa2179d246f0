// RFC 8705 at the gateway: the client certificate of the calling connection. An API that
// requires mutual TLS needs one the client CA (PORTICO_GATEWAY_CLIENT_CA) vouches for; a
// certificate-bound token (`cnf."x5t#S256"`) needs the very certificate it was issued for, whoever
// signed it (self-signed certificates bind tokens too, RFC 8705 2.2).
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { forbidden, GatewayError, unauthorized } from "../errors";
import type { Caller } from "./caller";

interface ClientCertificate {
  /** base64url SHA-256 of the DER certificate: what `cnf."x5t#S256"` holds */
  thumbprint: string;
  /** verified against the gateway's client CA */
  authorized: boolean;
}

const thumbprints = new WeakMap<object, string>();

/** The connection's client certificate, if it showed one (over HTTPS with a client CA set). */
export function clientCertificate(req: IncomingMessage): ClientCertificate | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== "function") return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert?.raw) return undefined;
  let thumbprint = thumbprints.get(socket);
  if (!thumbprint) {
    thumbprint = createHash("sha256").update(cert.raw).digest("base64url");
    thumbprints.set(socket, thumbprint);
  }
  return { thumbprint, authorized: socket.authorized === true };
}

/** An API marked "mutual TLS required": a certificate from the client CA, or 401. */
export function requireClientCertificate(req: IncomingMessage): void {
  const cert = clientCertificate(req);
  if (!cert?.authorized)
    throw new GatewayError(
      401,
      "client_certificate_required",
      cert
        ? "the client certificate is not issued by a CA this gateway trusts"
        : "this API needs a client certificate (mutual TLS) on an HTTPS connection",
      { "www-authenticate": 'Bearer realm="portico", error="invalid_token"' },
    );
}

/** The thumbprint a token is bound to, if any. */
function boundCertificateOf(caller: Caller): string | undefined {
  const cnf = caller.claims.cnf;
  const x5t = cnf && typeof cnf === "object" ? (cnf as Record<string, unknown>)["x5t#S256"] : undefined;
  return typeof x5t === "string" ? x5t : undefined;
}

/** RFC 8705 3: a certificate-bound token over a connection with another certificate, or none, is refused. */
export function checkCertificateBinding(caller: Caller, req: IncomingMessage): Caller {
  const bound = boundCertificateOf(caller);
  if (bound === undefined) return caller;
  const cert = clientCertificate(req);
  if (cert?.thumbprint !== bound)
    throw unauthorized(
      "invalid_token",
      cert
        ? "the access token is bound to another client certificate"
        : "the access token is bound to a client certificate; call over mutual TLS with it",
    );
  return caller;
}

/**
 * An API that requires mutual TLS, called for an application that registered certificates: the
 * connection's certificate must be one of them (a CA-issued certificate of someone else is not
 * enough). Applications without registered certificates rely on the client CA alone.
 */
export function checkRegisteredCertificate(
  caller: Caller,
  req: IncomingMessage,
  registered: ReadonlySet<string> | undefined,
): Caller {
  if (!registered || registered.size === 0) return caller;
  const cert = clientCertificate(req);
  if (!cert || !registered.has(cert.thumbprint))
    throw forbidden(
      "client_certificate_required",
      "the client certificate is not one registered for the calling application",
    );
  return caller;
}
