// The NTLM tests' shared material: users with known passwords (an ASCII one for curl, a Unicode
// one for httpntlm), the NT-hash lookup an acceptor is given, a refusal catcher, and a Type 3
// message laid out by hand.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { computeNtHash, EnterpriseAuthError } from "../src/index.ts";

// curl on Linux widens each password byte to UTF-16 (no UTF-8 decoding), so its user has an
// ASCII password; the Unicode one is exercised through httpntlm.
export const PASSWORD = `pw-${randomBytes(12).toString("base64url")}`;
export const UNICODE_PASSWORD = `Ünïcødé-${randomBytes(6).toString("hex")}-パス`;
export const NT_HASHES = new Map([
  ["CORP\\alice", computeNtHash(PASSWORD)],
  ["CORP\\bob", computeNtHash(UNICODE_PASSWORD)],
]);
export const lookupNtHash = async (domain: string, user: string) =>
  NT_HASHES.get(`${domain}\\${user.toLowerCase()}`);

export async function refusal(promise: Promise<unknown>): Promise<EnterpriseAuthError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EnterpriseAuthError);
    return error as EnterpriseAuthError;
  }
  throw new Error("expected the NTLM message to be refused");
}

/** A Unicode AUTHENTICATE_MESSAGE laid out by hand from MS-NLMP 2.2.1.3. */
export function buildType3(fields: {
  domain: string;
  user: string;
  workstation: string;
  ntResponse: Buffer;
  lmResponse: Buffer;
}): string {
  const payload = [
    fields.lmResponse,
    fields.ntResponse,
    Buffer.from(fields.domain, "utf16le"),
    Buffer.from(fields.user, "utf16le"),
    Buffer.from(fields.workstation, "utf16le"),
    Buffer.alloc(0),
  ];
  const header = Buffer.alloc(64);
  header.write("NTLMSSP\0", 0, "latin1");
  header.writeUInt32LE(3, 8);
  let offset = 64;
  payload.forEach((part, index) => {
    const at = 12 + index * 8;
    header.writeUInt16LE(part.length, at);
    header.writeUInt16LE(part.length, at + 2);
    header.writeUInt32LE(offset, at + 4);
    offset += part.length;
  });
  header.writeUInt32LE(0x00088201, 60); // UNICODE | NTLM | ALWAYS_SIGN | EXTENDED_SESSIONSECURITY
  return Buffer.concat([header, ...payload]).toString("base64");
}
