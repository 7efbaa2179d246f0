export type CryptoErrorCode =
  | "ERR_CIPHERTEXT_MALFORMED"
  | "ERR_CIPHERTEXT_UNKNOWN_KEY"
  | "ERR_CIPHERTEXT_AUTH"
  | "ERR_MASTER_KEY_INVALID"
  | "ERR_HASH_MALFORMED";

/** Every crypto failure has a stable code; messages never include secret material. */
export class CryptoError extends Error {
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CryptoError";
  }
}
