import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";

/**
 * The certificate authorities HTTPS backends are verified against: Node's bundle (and
 * NODE_EXTRA_CA_CERTS) when `caFile` is not set; Node's bundle plus the file's certificates when it
 * is (a private CA for internal backends). Verification itself is never turned off. Throws a
 * message naming the setting when the file cannot be used, so the gateway does not start with it.
 */
export function backendCertificateAuthorities(caFile: string | undefined): string[] | undefined {
  if (!caFile) return undefined;
  let text: string;
  try {
    text = readFileSync(caFile, "utf8");
  } catch (error) {
    throw new Error(
      `PORTICO_BACKEND_CA: ${caFile} cannot be read (${(error as NodeJS.ErrnoException).code})`,
    );
  }
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
