import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";

/** A file a setting names, or an error naming the setting. */
function readSettingFile(setting: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${setting}: ${file} cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
}

/**
 * The certificate authorities HTTPS backends are verified against: Node's bundle (and
 * NODE_EXTRA_CA_CERTS) when `caFile` is not set; Node's bundle plus the file's certificates when it
 * is (a private CA for internal backends). Verification itself is never turned off. Throws a
 * message naming the setting when the file cannot be used, so the gateway does not start with it.
 */
export function backendCertificateAuthorities(caFile: string | undefined): string[] | undefined {
  if (!caFile) return undefined;
  const text = readSettingFile("PORTICO_BACKEND_CA", caFile);
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (pems.length === 0) throw new Error(`PORTICO_BACKEND_CA: ${caFile} holds no PEM certificate`);
  pems.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch {
      throw new Error(`PORTICO_BACKEND_CA: certificate ${i + 1} in ${caFile} cannot be read`);
    }
  });
  return [...rootCertificates, ...pems];
}

/**
 * The client certificate and key the gateway shows backends that require one (mutual TLS), read
 * from PORTICO_BACKEND_CLIENT_CERT and _KEY. Throws a message naming the setting when a file
 * cannot be read or the key is not the certificate's.
 */
export function backendClientCertificate(
  certFile: string | undefined,
  keyFile: string | undefined,
): { cert: string; key: string } | undefined {
  if (!certFile || !keyFile) return undefined;
  const cert = readSettingFile("PORTICO_BACKEND_CLIENT_CERT", certFile);
  const key = readSettingFile("PORTICO_BACKEND_CLIENT_KEY", keyFile);
  let certificate: X509Certificate;
  let privateKey: KeyObject;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw new Error(`PORTICO_BACKEND_CLIENT_CERT: ${certFile} holds no readable PEM certificate`);
  }
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new Error(`PORTICO_BACKEND_CLIENT_KEY: ${keyFile} holds no readable PEM private key`);
  }
  if (!certificate.checkPrivateKey(privateKey))
    throw new Error("PORTICO_BACKEND_CLIENT_KEY: the key is not the one of PORTICO_BACKEND_CLIENT_CERT");
  return { cert, key };
}
