import { readFileSync } from "node:fs";
import type { SecureContextOptions, TlsOptions } from "node:tls";
import { ensureLocalTls } from "./local-tls";

/**
 * The default TLS 1.2 cipher list: forward-secret AEAD suites only (no RC4, 3DES, CBC, SHA-1,
 * export or anonymous suites). TLS 1.3 suites are all AEAD and are not affected by this list.
 */
export const STRONG_TLS12_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
].join(":");

export interface ServerTlsSettings {
  dataDir: string;
  /** PEM file paths of a real certificate; the local CA's certificate is used when absent */
  certFile?: string;
  keyFile?: string;
  minVersion?: "TLSv1.2" | "TLSv1.3";
  ciphers?: string;
}

/**
 * Options for `https.createServer`/`tls.createServer`: the configured or local certificate,
 * TLS 1.2 minimum by default, strong ciphers, server cipher order.
 */
export async function serverTlsOptions(
  settings: ServerTlsSettings,
): Promise<TlsOptions & SecureContextOptions> {
  const material =
    settings.certFile && settings.keyFile
      ? { cert: readFileSync(settings.certFile, "utf8"), key: readFileSync(settings.keyFile, "utf8") }
      : await ensureLocalTls(settings.dataDir);
  return {
    cert: material.cert,
    key: material.key,
    minVersion: settings.minVersion ?? "TLSv1.2",
    ciphers: settings.ciphers ?? STRONG_TLS12_CIPHERS,
    honorCipherOrder: true,
    ecdhCurve: "X25519:P-256:P-384",
  };
}
