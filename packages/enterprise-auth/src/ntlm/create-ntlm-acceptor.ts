import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { EnterpriseAuthError } from "../errors.ts";
import type { NtlmChallengeStore } from "./ntlm-challenge-store.ts";
import {
  buildChallengeMessage,
  fromFileTime,
  parseAuthenticateMessage,
  parseNegotiateMessage,
} from "./ntlm-messages.ts";

export interface NtlmAcceptorOptions {
  challengeStore: NtlmChallengeStore;
  /** The user's NT hash (16 bytes, decrypted from storage), or undefined if the user has none. */
  lookupNtHash(domain: string, user: string): Promise<Buffer | undefined>;
  /** NetBIOS domain names whose users may authenticate (case-insensitive). The first is advertised in Type 2. */
  allowedDomains: string[];
  /** Lifetime of a Type 2 challenge. Default 60 s. */
  challengeTtlSeconds?: number;
  /** Allowed distance between the client's NTLMv2 timestamp and our clock. Default 300 s (Windows' default). */
  clockSkewSeconds?: number;
  /** Names advertised in the Type 2 target information. */
  serverNames?: { netbiosComputer?: string; dnsDomain?: string; dnsComputer?: string };
  now?: () => Date;
}

export interface NtlmIdentity {
  user: string;
  /** The allow-listed domain name, in the spelling configured (not the client's). */
  domain: string;
  workstation: string;
}

export interface NtlmAcceptor {
  /** Answers a NEGOTIATE (Type 1) message with a CHALLENGE (Type 2); the id is needed for round two. */
  handleType1(base64: string): Promise<{ type2: string; challengeId: string }>;
  /** Verifies an AUTHENTICATE (Type 3) message against the challenge it answers; the challenge is consumed. */
  handleType3(base64: string, challengeId: string): Promise<NtlmIdentity>;
}

const HMAC_MD5_LENGTH = 16;
// NTLMv2_CLIENT_CHALLENGE header (MS-NLMP 2.2.2.7): RespType, HiRespType, 6 reserved, TimeStamp, ChallengeFromClient, 4 reserved.
const CLIENT_CHALLENGE_HEADER = 28;

function hmacMd5(key: Buffer, data: Buffer): Buffer {
  return createHmac("md5", key).update(data).digest();
}

/**
 * An NTLMv2-only acceptor (MS-NLMP 3.2.5): LM, NTLMv1 and NTLMv1 with session security are
 * refused; challenges are single-use and short-lived; only allow-listed domains are accepted.
 *
 * @example
 * const ntlm = createNtlmAcceptor({ challengeStore, allowedDomains: ["CORP"],
 *   lookupNtHash: (domain, user) => users.ntHashFor(domain, user) });
 */
export function createNtlmAcceptor(options: NtlmAcceptorOptions): NtlmAcceptor {
  if (options.allowedDomains.length === 0)
    throw new EnterpriseAuthError("config_invalid", "No NTLM domain is allowed.");
  const ttlMs = (options.challengeTtlSeconds ?? 60) * 1000;
  const skewMs = (options.clockSkewSeconds ?? 300) * 1000;
  const now = () => (options.now ? options.now() : new Date()).getTime();
  const netbiosDomain = (options.allowedDomains[0] as string).toUpperCase();
  const names = options.serverNames ?? {};

  return {
    async handleType1(base64) {
      const negotiate = parseNegotiateMessage(base64);
      const serverChallenge = randomBytes(8);
      const challengeId = randomBytes(18).toString("base64url");
      const issuedAt = now();
      await options.challengeStore.put(challengeId, {
        serverChallenge: serverChallenge.toString("hex"),
        expiresAt: issuedAt + ttlMs,
      });
      const type2 = buildChallengeMessage({
        clientFlags: negotiate.flags,
        serverChallenge,
        netbiosDomain,
        netbiosComputer: names.netbiosComputer ?? "PORTICO",
        dnsDomain: names.dnsDomain ?? netbiosDomain.toLowerCase(),
        dnsComputer: names.dnsComputer ?? "portico",
        now: issuedAt,
      });
      return { type2: type2.toString("base64"), challengeId };
    },

    async handleType3(base64, challengeId) {
      // Consumed before anything else: one answer per challenge, right or wrong.
      const record =
        typeof challengeId === "string" && challengeId !== ""
          ? await options.challengeStore.take(challengeId)
          : undefined;
      const at = now();
      if (!record || record.expiresAt <= at) {
        throw new EnterpriseAuthError(
          "ntlm_challenge_unknown",
          "The NTLM challenge is unknown, already answered or expired; start again with a Type 1 message.",
        );
      }
      const message = parseAuthenticateMessage(base64);
      if (message.ntResponse.length === 0) {
        throw new EnterpriseAuthError(
          "ntlm_version_forbidden",
          message.user === ""
            ? "Anonymous NTLM logins are not accepted."
            : "LM authentication is not accepted; NTLMv2 is required.",
        );
      }
      if (message.ntResponse.length === 24) {
        throw new EnterpriseAuthError(
          "ntlm_version_forbidden",
          "NTLMv1 responses are not accepted; the client must send NTLMv2 (LmCompatibilityLevel 3 or higher).",
        );
      }
      if (message.ntResponse.length < HMAC_MD5_LENGTH + CLIENT_CHALLENGE_HEADER) {
        throw new EnterpriseAuthError("ntlm_message_malformed", "The NTLMv2 response is truncated.");
      }
      const proof = message.ntResponse.subarray(0, HMAC_MD5_LENGTH);
      const clientChallenge = message.ntResponse.subarray(HMAC_MD5_LENGTH);
      if (clientChallenge[0] !== 1 || clientChallenge[1] !== 1) {
        throw new EnterpriseAuthError(
          "ntlm_message_malformed",
          "The NTLMv2 response has an unknown version.",
        );
      }

      const domain = options.allowedDomains.find(
        (allowed) => allowed.toUpperCase() === message.domain.toUpperCase(),
      );
      if (domain === undefined) {
        throw new EnterpriseAuthError(
          "ntlm_domain_forbidden",
          "Users of this Windows domain may not obtain tokens.",
        );
      }
      if (message.user === "")
        throw new EnterpriseAuthError("ntlm_credentials_invalid", "Anonymous NTLM logins are not accepted.");

      const timestamp = fromFileTime(clientChallenge.subarray(8, 16));
      if (Math.abs(at - timestamp) > skewMs) {
        throw new EnterpriseAuthError(
          "ntlm_timestamp_out_of_range",
          "The NTLM response timestamp is outside the allowed clock skew.",
        );
      }

      // An unknown user costs the same HMACs as a known one and gets the same answer.
      const ntHash = (await options.lookupNtHash(domain, message.user)) ?? randomBytes(16);
      // NTOWFv2 (MS-NLMP 3.3.2): upper-cased user, domain exactly as the client sent it.
      const responseKey = hmacMd5(
        ntHash,
        Buffer.from(message.user.toUpperCase() + message.domain, "utf16le"),
      );
      const expected = hmacMd5(
        responseKey,
        Buffer.concat([Buffer.from(record.serverChallenge, "hex"), clientChallenge]),
      );
      if (!timingSafeEqual(expected, proof)) {
        throw new EnterpriseAuthError("ntlm_credentials_invalid", "The Windows credentials are not valid.");
      }
      return { user: message.user, domain, workstation: message.workstation };
    },
  };
}
