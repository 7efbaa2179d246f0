export {
  APPLICATION_TOKEN_GRANT,
  PORTAL_CLIENT_IDS,
  portalClientSecret,
  portalRedirectUri,
} from "./portal-clients";
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
