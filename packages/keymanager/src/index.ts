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
export { ensureGrantTypeSettings } from "./grants/ensure-grant-type-settings";
export {
  createGrantRegistry,
  type GrantContext,
  type GrantTypeModule,
  type GrantTypeSettingDefaults,
} from "./grants/registry";
export type { KeyManager } from "./key-manager";
export { ensureSigningKeys } from "./keys/signing-keys";
export { ChangeNotifier } from "./revocation/change-notifier";
export { revokeToken } from "./revocation/revoke-token";
export { type RunningKeyManager, type StartKeyManagerOptions, startKeyManager } from "./server";
