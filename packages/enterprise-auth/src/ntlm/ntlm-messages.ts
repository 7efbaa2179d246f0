// NTLM message layouts from MS-NLMP 2.2.1. Only what an NTLMv2 acceptor needs.
import { EnterpriseAuthError } from "../errors.ts";

export const SIGNATURE = Buffer.from("NTLMSSP\0", "latin1");

export const NEGOTIATE_UNICODE = 0x00000001;
export const NEGOTIATE_OEM = 0x00000002;
export const REQUEST_TARGET = 0x00000004;
export const NEGOTIATE_NTLM = 0x00000200;
export const NEGOTIATE_ALWAYS_SIGN = 0x00008000;
export const TARGET_TYPE_DOMAIN = 0x00010000;
export const NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
export const NEGOTIATE_TARGET_INFO = 0x00800000;
export const NEGOTIATE_VERSION = 0x02000000;
export const NEGOTIATE_128 = 0x20000000;
export const NEGOTIATE_56 = 0x80000000;

const MAX_MESSAGE_BYTES = 8 * 1024;

function malformed(message: string): never {
  throw new EnterpriseAuthError("ntlm_message_malformed", message);
}

/** Decodes base64 (optionally prefixed `NTLM `) and checks signature and message type. */
export function decodeNtlmMessage(base64: string, expectedType: 1 | 3): Buffer {
  if (typeof base64 !== "string") malformed("The NTLM token is missing.");
  const compact = base64.replace(/^NTLM\s+/i, "").trim();
  if (
    compact.length === 0 ||
    compact.length > (MAX_MESSAGE_BYTES / 3) * 4 + 4 ||
    !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)
  ) {
    malformed("The NTLM token is not base64.");
  }
  const bytes = Buffer.from(compact, "base64");
  if (bytes.length < 16 || !bytes.subarray(0, 8).equals(SIGNATURE))
    malformed("The token is not an NTLM message.");
  const type = bytes.readUInt32LE(8);
  if (type !== expectedType) {
    malformed(`Expected an NTLM Type ${expectedType} message, got Type ${type}.`);
  }
  return bytes;
}

/** Reads a (length, maxLength, offset) field and returns the bytes it points to. */
export function readField(message: Buffer, fieldOffset: number): Buffer {
  if (message.length < fieldOffset + 8) malformed("The NTLM message is truncated.");
  const length = message.readUInt16LE(fieldOffset);
  const offset = message.readUInt32LE(fieldOffset + 4);
  if (length === 0) return Buffer.alloc(0);
  if (offset + length > message.length) malformed("An NTLM message field points outside the message.");
  return message.subarray(offset, offset + length);
}

export interface NtlmNegotiate {
  flags: number;
}

export function parseNegotiateMessage(base64: string): NtlmNegotiate {
  const message = decodeNtlmMessage(base64, 1);
  return { flags: message.length >= 16 ? message.readUInt32LE(12) : 0 };
}

function avPair(id: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16LE(id, 0);
  header.writeUInt16LE(value.length, 2);
  return Buffer.concat([header, value]);
}

/** FILETIME: 100 ns intervals since 1601-01-01 UTC. */
export function toFileTime(epochMs: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE((BigInt(epochMs) + 11_644_473_600_000n) * 10_000n);
  return buffer;
}

export function fromFileTime(fileTime: Buffer): number {
  return Number(fileTime.readBigUInt64LE(0) / 10_000n - 11_644_473_600_000n);
}

export interface ChallengeMessageInput {
  clientFlags: number;
  serverChallenge: Buffer;
  netbiosDomain: string;
  netbiosComputer: string;
  dnsDomain: string;
  dnsComputer: string;
  now: number;
}

/** Builds the CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2) that offers NTLMv2 only. */
export function buildChallengeMessage(input: ChallengeMessageInput): Buffer {
  const unicode = (input.clientFlags & NEGOTIATE_UNICODE) !== 0 || (input.clientFlags & NEGOTIATE_OEM) === 0;
  const encode = (text: string) => Buffer.from(text, unicode ? "utf16le" : "latin1");
  let flags =
    (unicode ? NEGOTIATE_UNICODE : NEGOTIATE_OEM) |
    REQUEST_TARGET |
    NEGOTIATE_NTLM |
    NEGOTIATE_ALWAYS_SIGN |
    TARGET_TYPE_DOMAIN |
    NEGOTIATE_EXTENDED_SESSIONSECURITY |
    NEGOTIATE_TARGET_INFO |
    NEGOTIATE_VERSION;
  flags |= input.clientFlags & (NEGOTIATE_128 | NEGOTIATE_56);

  const targetName = encode(input.netbiosDomain);
  // AV pairs are always UTF-16LE (MS-NLMP 2.2.2.1).
  const targetInfo = Buffer.concat([
    avPair(2, Buffer.from(input.netbiosDomain, "utf16le")),
    avPair(1, Buffer.from(input.netbiosComputer, "utf16le")),
    avPair(4, Buffer.from(input.dnsDomain, "utf16le")),
    avPair(3, Buffer.from(input.dnsComputer, "utf16le")),
    avPair(7, toFileTime(input.now)),
    avPair(0, Buffer.alloc(0)),
  ]);

  const header = Buffer.alloc(56);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(2, 8);
  header.writeUInt16LE(targetName.length, 12);
  header.writeUInt16LE(targetName.length, 14);
  header.writeUInt32LE(56, 16);
  header.writeUInt32LE(flags >>> 0, 20);
  input.serverChallenge.copy(header, 24);
  // 32..39 reserved (zero)
  header.writeUInt16LE(targetInfo.length, 40);
  header.writeUInt16LE(targetInfo.length, 42);
  header.writeUInt32LE(56 + targetName.length, 44);
  // Version: 10.0 build 20348, NTLM revision 15 — informational only.
  header.writeUInt8(10, 48);
  header.writeUInt8(0, 49);
  header.writeUInt16LE(20348, 50);
  header.writeUInt8(15, 55);
  return Buffer.concat([header, targetName, targetInfo]);
}

export interface NtlmAuthenticate {
  flags: number;
  lmResponse: Buffer;
  ntResponse: Buffer;
  domain: string;
  user: string;
  workstation: string;
}

/** Parses the AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3). */
export function parseAuthenticateMessage(base64: string): NtlmAuthenticate {
  const message = decodeNtlmMessage(base64, 3);
  if (message.length < 64) malformed("The NTLM Type 3 message is truncated.");
  const flags = message.readUInt32LE(60);
  const decode = (bytes: Buffer) => bytes.toString((flags & NEGOTIATE_UNICODE) !== 0 ? "utf16le" : "latin1");
  return {
    flags,
    lmResponse: readField(message, 12),
    ntResponse: readField(message, 20),
    domain: decode(readField(message, 28)),
    user: decode(readField(message, 36)),
    workstation: decode(readField(message, 44)),
  };
}
