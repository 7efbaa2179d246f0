export { CryptoError, type CryptoErrorCode } from "./errors";
export { MasterKeyring, loadOrCreateMasterKeyring, rotateMasterKeyFile } from "./master-key";
export { encryptSecret, decryptSecret, rewrapSecret, wrappedKeyId } from "./envelope";
export { hashSecret, verifySecret } from "./secret-hash";
export { constantTimeEqual, sha256Hex, sha256Base64Url, randomToken } from "./primitives";
export { ensureLocalTls, generateLocalCa, issueServerCertificate, type LocalTls } from "./local-tls";
export { serverTlsOptions, STRONG_TLS12_CIPHERS, type ServerTlsSettings } from "./server-tls";
