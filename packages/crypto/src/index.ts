export { decryptSecret, encryptSecret, rewrapSecret, wrappedKeyId } from "./envelope";
export { CryptoError, type CryptoErrorCode } from "./errors";
export {
  ensureLocalTls,
  generateLocalCa,
  issueClientCertificate,
  issueServerCertificate,
  type LocalTls,
} from "./local-tls";
export {
  lazyMasterKeyring,
  loadOrCreateMasterKeyring,
  MasterKeyring,
  rotateMasterKeyFile,
} from "./master-key";
export { constantTimeEqual, randomToken, sha256Base64Url, sha256Hex } from "./primitives";
export { hashSecret, verifySecret } from "./secret-hash";
export { type ServerTlsSettings, STRONG_TLS12_CIPHERS, serverTlsOptions } from "./server-tls";
