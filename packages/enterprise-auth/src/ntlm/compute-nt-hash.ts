/// <reference path="./js-md4.d.ts" />
import md4 from "js-md4";

/**
 * The NT hash (MS-NLMP 3.3.1 NTOWFv1): MD4 of the UTF-16LE password. Node 20's OpenSSL 3 has no
 * MD4, hence js-md4. The key manager computes this when a user sets a password and stores it
 * encrypted; it is a password equivalent for NTLM and must never be logged.
 */
export function computeNtHash(password: string): Buffer {
  return Buffer.from(md4.arrayBuffer(Buffer.from(password, "utf16le")));
}
