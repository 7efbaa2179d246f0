export {
  ACCESS_TOKEN_TYP,
  ALLOWED_ACCESS_TOKEN_ALGS,
  type AccessTokenClaims,
  AccessTokenError,
  type AccessTokenErrorCode,
  looksLikeJwt,
  opaqueTokenHash,
  verifyJwtAccessToken,
} from "./access-token";
export { CHANGE_CHANNEL, type ChangeMessage, type ChangeTopic } from "./changes";
