import { X509Certificate } from "node:crypto";
import { certificateSubjectDn, certificateThumbprint } from "@portico/tokens";
import { z } from "zod";
import { AppError } from "../../errors";

/** A handful, for rotation: the new certificate is registered before the old one is removed. */
export const MAX_CERTIFICATES_PER_APPLICATION = 5;

export const registerCertificateInput = z
  .object({
    /** one PEM certificate (`-----BEGIN CERTIFICATE-----`); never a private key */
    pem: z.string().trim().min(1).max(16_384),
  })
  .strict();

export interface CertificateRow {
  id: string;
  thumbprint: string;
  subjectDn: string;
  notAfter: Date;
  createdAt: Date;
}

/** What lists show: the name, the thumbprint tokens are bound to, and when it expires. */
export function toCertificateView(row: CertificateRow, now: number) {
  return {
    id: row.id,
    thumbprint: row.thumbprint,
    subjectDn: row.subjectDn,
    notAfter: row.notAfter.toISOString(),
    expired: row.notAfter.getTime() <= now,
    createdAt: row.createdAt.toISOString(),
  };
}

const pemRefused = (message: string) =>
  new AppError("VALIDATION_FAILED", `pem: ${message}`, { fields: [{ field: "pem", message }] });

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Reads one PEM certificate: what is stored of it, or a 400 naming `pem`. A private key pasted
 * by mistake is refused as such (and never echoed, stored or logged).
 */
export function readCertificate(pem: string, now: Date) {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem))
    throw pemRefused(
      "this is a private key, not a certificate: keep the key to yourself and paste the certificate (-----BEGIN CERTIFICATE-----); treat this key as exposed",
    );
  const blocks = pem.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) throw pemRefused("not a PEM certificate (-----BEGIN CERTIFICATE-----)");
  if (blocks.length > 1) throw pemRefused("paste one certificate, not a chain");
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(blocks[0] as string);
  } catch {
    throw pemRefused("the certificate cannot be read (not DER X.509 inside the PEM)");
  }
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notAfter.getTime()) || notAfter <= now)
    throw pemRefused(`the certificate expired on ${cert.validTo}`);
  return {
    pem: cert.toString(),
    thumbprint: certificateThumbprint(cert.raw),
    subjectDn: certificateSubjectDn(cert),
    notAfter,
  };
}
