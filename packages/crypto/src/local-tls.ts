import "reflect-metadata";
import { createPrivateKey, KeyObject, X509Certificate as NodeX509, webcrypto } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY = 24 * 60 * 60 * 1000;

export interface PemPair {
  cert: string;
  key: string;
}

export interface LocalTls extends PemPair {
  /** the local CA certificate, for clients that must trust the server */
  ca: string;
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** PKCS#8 PEM of a WebCrypto private key, by Node's own encoder. */
function exportKeyPem(key: CryptoKey): string {
  return KeyObject.from(key as webcrypto.CryptoKey).export({ type: "pkcs8", format: "pem" }) as string;
}

async function importKeyPem(pem: string): Promise<CryptoKey> {
  const der = createPrivateKey(pem).export({ type: "pkcs8", format: "der" });
  return (await webcrypto.subtle.importKey("pkcs8", der, ALG, false, ["sign"])) as unknown as CryptoKey;
}

function serial(): string {
  // positive 16-byte serial
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString("hex");
}

/** A self-signed ECDSA P-256 certificate authority valid for ten years. */
export async function generateLocalCa(commonName = "Portico local CA"): Promise<PemPair> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}, O=Portico`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 3650 * DAY),
    signingAlgorithm: ALG,
    keys: keys as unknown as CryptoKeyPair,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as unknown as CryptoKey),
    ],
  });
  return { cert: cert.toString("pem"), key: exportKeyPem(keys.privateKey as unknown as CryptoKey) };
}

/** A server certificate for the given DNS names and IP addresses, signed by the CA. */
export function issueServerCertificate(
  ca: PemPair,
  names: { dns: string[]; ip: string[] } = { dns: ["localhost"], ip: ["127.0.0.1", "::1"] },
): Promise<PemPair> {
  return issueCertificate(
    ca,
    `CN=${names.dns[0] ?? names.ip[0] ?? "localhost"}, O=Portico`,
    [x509.ExtendedKeyUsage.serverAuth],
    [
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: "dns" as const, value })),
        ...names.ip.map((value) => ({ type: "ip" as const, value })),
      ]),
    ],
  );
}

/** A TLS client certificate (e.g. the gateway's, for backends that require one), signed by the CA. */
export function issueClientCertificate(ca: PemPair, commonName: string): Promise<PemPair> {
  return issueCertificate(ca, `CN=${commonName}, O=Portico`, [x509.ExtendedKeyUsage.clientAuth], []);
}

async function issueCertificate(
  ca: PemPair,
  subject: string,
  usages: string[],
  extensions: x509.Extension[],
): Promise<PemPair> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await importKeyPem(ca.key);
  const keys = await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - DAY),
    // 397 days: the longest validity browsers accept for a server certificate
    notAfter: new Date(Date.now() + 397 * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey as unknown as CryptoKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(usages, false),
      ...extensions,
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
    ],
  });
  return { cert: cert.toString("pem"), key: exportKeyPem(keys.privateKey as unknown as CryptoKey) };
}

function stillValid(certPem: string, days: number): boolean {
  try {
    return new Date(new NodeX509(certPem).validTo).getTime() > Date.now() + days * DAY;
  } catch {
    return false;
  }
}

/**
 * The TLS material in `<dataDir>/tls`: a local CA and a localhost server certificate,
 * generated on first use and renewed when the server certificate nears expiry.
 */
export async function ensureLocalTls(dataDir: string): Promise<LocalTls> {
  const dir = path.join(dataDir, "tls");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caFile = path.join(dir, "ca.pem");
  const caKeyFile = path.join(dir, "ca-key.pem");
  const certFile = path.join(dir, "server.pem");
  const keyFile = path.join(dir, "server-key.pem");
  let ca: PemPair;
  if (existsSync(caFile) && existsSync(caKeyFile) && stillValid(readFileSync(caFile, "utf8"), 30)) {
    ca = { cert: readFileSync(caFile, "utf8"), key: readFileSync(caKeyFile, "utf8") };
  } else {
    ca = await generateLocalCa();
    writeFileSync(caKeyFile, ca.key, { mode: 0o600 });
    writeFileSync(caFile, ca.cert, { mode: 0o644 });
  }
  let server: PemPair;
  const fresh = existsSync(certFile) && existsSync(keyFile) && stillValid(readFileSync(certFile, "utf8"), 7);
  const sameCa = fresh && new NodeX509(readFileSync(certFile, "utf8")).checkIssued(new NodeX509(ca.cert));
  if (fresh && sameCa) {
    server = { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
  } else {
    server = await issueServerCertificate(ca);
    writeFileSync(keyFile, server.key, { mode: 0o600 });
    writeFileSync(certFile, server.cert, { mode: 0o644 });
  }
  return { ca: ca.cert, caFile, certFile, keyFile, ...server };
}
