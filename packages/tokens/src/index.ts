export {
  ACCESS_TOKEN_TYP,
  type AccessTokenClaims,
  AccessTokenError,
  type AccessTokenErrorCode,
  ALLOWED_ACCESS_TOKEN_ALGS,
  looksLikeJwt,
  opaqueTokenHash,
  verifyJwtAccessToken,
} from "./access-token";
export { type BearerChallengeParams, bearerChallenge } from "./bearer-challenge";
export { CHANGE_CHANNEL, type ChangeMessage, type ChangeTopic } from "./changes";
