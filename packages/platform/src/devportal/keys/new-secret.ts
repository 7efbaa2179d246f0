import { randomBytes } from "node:crypto";

/** A new consumer secret: 256 random bits, base64url. */
export function newSecret() {
  return randomBytes(32).toString("base64url");
}
