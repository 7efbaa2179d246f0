export {
  APPLICATION_TOKEN_GRANT,
  PORTAL_CLIENT_IDS,
  portalClientSecret,
  portalRedirectUri,
} from "./portal-clients";
export {
  defaultRegistrationPolicy,
  parseRegistrationPolicy,
  REGISTRABLE_AUTH_METHODS,
  REGISTRABLE_GRANT_TYPES,
  REGISTRATION_POLICY_SETTING,
  type RegistrationPolicy,
} from "./registration-policy";
export {
  GRANT_TYPES_OF_IDENTITY_PROVIDER,
  type RevocationDeps,
  revokeAccessTokensWhere,
  revokeRefreshFamilies,
  revokeTokensOfApplication,
  revokeTokensOfAuthorizationCode,
  revokeTokensOfFederatedSignIn,
  revokeTokensOfUser,
} from "./revoke-tokens";
export { createSigningKey, rotateSigningKey, type SigningAlg } from "./signing-keys";
