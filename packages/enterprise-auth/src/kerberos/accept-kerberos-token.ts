import { spawn } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { EnterpriseAuthError } from "../errors.ts";

export interface AcceptKerberosOptions {
  /** The key manager's service principal, `HTTP/host` or `HTTP/host@REALM` (the realm is ignored: the keytab decides). */
  servicePrincipal: string;
  /** A keytab file holding that principal's keys (the caller writes it from the decrypted upload, mode 0600). */
  keytabPath: string;
  /** Realms whose principals may obtain tokens; compared exactly (Kerberos realms are case-sensitive). */
  realmAllowList: string[];
  /** krb5.conf for the acceptor; default: the system one. */
  krb5ConfigPath?: string;
  /** Directory for the acceptor's replay cache; default: libkrb5's (`/var/tmp`). */
  replayCacheDir?: string;
  /** Give up on the acceptor after this long. Default 10 s. */
  timeoutMs?: number;
}

export interface KerberosIdentity {
  /** Full client principal, `user@REALM`. */
  principal: string;
  realm: string;
  /** SPNEGO/AP-REP token for mutual authentication, when the acceptor produced one. */
  mutualAuthToken?: string;
}

const MAX_TOKEN_BYTES = 64 * 1024;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;
// DER of the mechanism OIDs that follow the 0x60 GSS framing tag (RFC 2743 3.1).
const KRB5_OID = Buffer.from("06092a864886f712010202", "hex"); // 1.2.840.113554.1.2.2
const SPNEGO_OID = Buffer.from("06062b0601050502", "hex"); // 1.3.6.1.5.5.2
const ACCEPTOR_SCRIPT = fileURLToPath(new URL("./gss-acceptor-process.mjs", import.meta.url));

/**
 * Accepts a base64 GSS-API token (SPNEGO NegTokenInit or raw Kerberos 5 AP-REQ) for the service
 * principal in `keytabPath` and returns the authenticated client principal.
 *
 * @example
 * const { principal, realm } = await acceptKerberosToken(params.kerberos_token, {
 *   servicePrincipal: "HTTP/km.example.com", keytabPath, realmAllowList: ["EXAMPLE.COM"],
 * });
 */
export async function acceptKerberosToken(
  base64Token: string,
  options: AcceptKerberosOptions,
): Promise<KerberosIdentity> {
  const service = hostBasedServiceName(options.servicePrincipal);
  if (options.realmAllowList.length === 0) {
    throw new EnterpriseAuthError("config_invalid", "No Kerberos realm is allowed.");
  }
  try {
    await access(options.keytabPath, constants.R_OK);
  } catch (error) {
    throw new EnterpriseAuthError("config_invalid", "The service keytab is not readable.", { cause: error });
  }
  const token = normaliseToken(base64Token);

  const outcome = await runAcceptor(service, token, options);
  if (!outcome.ok || !outcome.principal) {
    throw new EnterpriseAuthError("kerberos_token_rejected", describeRejection(outcome.message ?? ""), {
      cause: new Error(outcome.message ?? "rejected"),
    });
  }
  const at = outcome.principal.lastIndexOf("@");
  const realm = at > 0 ? outcome.principal.slice(at + 1) : "";
  if (!options.realmAllowList.includes(realm)) {
    throw new EnterpriseAuthError(
      "kerberos_realm_forbidden",
      "Principals of this realm may not obtain tokens.",
    );
  }
  return {
    principal: outcome.principal,
    realm,
    ...(outcome.response ? { mutualAuthToken: outcome.response } : {}),
  };
}

function hostBasedServiceName(servicePrincipal: string): string {
  const match = /^([^/@\s]+)\/([^/@\s]+)(@[^/@\s]+)?$/.exec(servicePrincipal);
  if (!match) {
    throw new EnterpriseAuthError(
      "config_invalid",
      "The service principal must look like HTTP/host or HTTP/host@REALM.",
    );
  }
  return `${match[1]}@${match[2]}`;
}

/** Checks the token is a GSS initial-context token for Kerberos 5 or SPNEGO; returns standard base64. */
function normaliseToken(base64Token: string): string {
  const malformed = (message: string): never => {
    throw new EnterpriseAuthError("kerberos_token_malformed", message);
  };
  if (typeof base64Token !== "string" || base64Token.length === 0) malformed("The Kerberos token is empty.");
  const compact = base64Token.replace(/^Negotiate\s+/i, "").trim();
  if (compact.length > Math.ceil(MAX_TOKEN_BYTES / 3) * 4 + 4) malformed("The Kerberos token is too large.");
  if (!BASE64_PATTERN.test(compact)) malformed("The Kerberos token is not base64.");
  const bytes = Buffer.from(compact, "base64");
  if (bytes[0] !== 0x60) {
    malformed(
      bytes[0] === 0xa1
        ? "The Kerberos token continues a negotiation; send the initial SPNEGO or Kerberos token."
        : "The Kerberos token is not a GSS-API initial context token.",
    );
  }
  const oidAt = derContentOffset(bytes);
  const isKnownMechanism = [KRB5_OID, SPNEGO_OID].some(
    (oid) => oidAt !== undefined && bytes.subarray(oidAt, oidAt + oid.length).equals(oid),
  );
  if (!isKnownMechanism) malformed("The token is neither SPNEGO nor Kerberos 5.");
  return bytes.toString("base64");
}

/** Offset of the content of the outer DER element (after tag and length), if the length is sane. */
function derContentOffset(bytes: Buffer): number | undefined {
  const first = bytes[1];
  if (first === undefined) return undefined;
  if (first < 0x80) return first + 2 === bytes.length ? 2 : undefined;
  const lengthBytes = first & 0x7f;
  if (lengthBytes === 0 || lengthBytes > 3 || bytes.length < 2 + lengthBytes) return undefined;
  let length = 0;
  for (let i = 0; i < lengthBytes; i += 1) length = length * 256 + (bytes[2 + i] as number);
  return 2 + lengthBytes + length === bytes.length ? 2 + lengthBytes : undefined;
}

interface AcceptorOutcome {
  ok: boolean;
  principal?: string;
  response?: string | null;
  message?: string;
}

function runAcceptor(
  service: string,
  token: string,
  options: AcceptKerberosOptions,
): Promise<AcceptorOutcome> {
  // The child gets only what libkrb5 needs: no inherited secrets, no other settings.
  const env: Record<string, string> = { KRB5_KTNAME: `FILE:${options.keytabPath}` };
  if (options.krb5ConfigPath) env.KRB5_CONFIG = options.krb5ConfigPath;
  if (options.replayCacheDir) env.KRB5RCACHEDIR = options.replayCacheDir;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ACCEPTOR_SCRIPT], { env, stdio: ["pipe", "pipe", "ignore"] });
    const output: Buffer[] = [];
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 10_000);
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(
        new EnterpriseAuthError("config_invalid", "The Kerberos acceptor could not start.", { cause: error }),
      );
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(Buffer.concat(output).toString("utf8")) as AcceptorOutcome);
      } catch (error) {
        // No answer means the acceptor itself failed (addon missing, crash, timeout): our fault, not the client's.
        reject(
          new EnterpriseAuthError("config_invalid", "The Kerberos acceptor failed.", {
            cause: new Error(`acceptor ended without an answer (code ${code}, signal ${signal})`, {
              cause: error,
            }),
          }),
        );
      }
    });
    child.stdin.end(JSON.stringify({ service, token }));
  });
}

/** A helpful, non-leaking description of why libkrb5 refused the token. */
function describeRejection(gssMessage: string): string {
  const message = gssMessage.toLowerCase();
  if (message.includes("expired"))
    return "The Kerberos ticket has expired; obtain a new one (kinit) and retry.";
  if (message.includes("replay")) return "This Kerberos token was already used.";
  if (message.includes("skew")) return "The client clock differs too much from the server clock.";
  if (
    message.includes("wrong principal") ||
    message.includes("key table entry") ||
    message.includes("keytab")
  ) {
    return "The Kerberos ticket is not for this service.";
  }
  return "The Kerberos token was not accepted.";
}
