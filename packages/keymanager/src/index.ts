export { PORTAL_CLIENT_IDS, portalClientSecret, portalRedirectUri } from "./clients/portal-clients";
export {
  type ConfigurationOverrides,
  defaultConfiguration,
  type KeyManagerConfiguration,
} from "./configuration";
export {
  AccessDenied,
  InvalidClient,
  InvalidClientMetadata,
  InvalidGrant,
  InvalidRedirectUri,
  InvalidRequest,
  InvalidScope,
  InvalidSoftwareStatement,
  InvalidToken,
  OAuthError,
  type OAuthErrorCode,
  serializeOAuthError,
  UnauthorizedClient,
  UnsupportedGrantType,
  UnsupportedResponseType,
  UnsupportedTokenType,
} from "./errors";
export { builtInGrantTypes } from "./grants/built-in";
export { createGrantRegistry, type GrantContext, type GrantTypeModule } from "./grants/registry";
export type { KeyManager } from "./key-manager";
export { ensureSigningKeys, rotateSigningKey } from "./keys/signing-keys";
export {
  defaultRegistrationPolicy,
  parseRegistrationPolicy,
  REGISTRABLE_AUTH_METHODS,
  REGISTRABLE_GRANT_TYPES,
  REGISTRATION_POLICY_SETTING,
  type RegistrationPolicy,
} from "./registration/registration-policy";
export { ChangeNotifier } from "./revocation/change-notifier";
export { revokeToken } from "./revocation/revoke-token";
export {
  type RevocationDeps,
  revokeAccessTokensWhere,
  revokeTokensOfApplication,
  revokeTokensOfUser,
} from "./revocation/revoke-tokens";
export { type RunningKeyManager, type StartKeyManagerOptions, startKeyManager } from "./server";
