export {
  ACCESS_TOKEN_TYP,
  type AccessTokenClaims,
  AccessTokenError,
  type AccessTokenErrorCode,
  ALLOWED_ACCESS_TOKEN_ALGS,
  looksLikeJwt,
  opaqueTokenHash,
  type TokenConfirmation,
  verifyJwtAccessToken,
} from "./access-token";
export {
  type BearerChallengeParams,
  bearerChallenge,
  type DpopChallengeParams,
  dpopChallenge,
} from "./bearer-challenge";
export { CHANGE_CHANNEL, type ChangeMessage, type ChangeTopic } from "./changes";
export { certificateSubjectDn, certificateThumbprint } from "./client-certificate";
export {
  accessTokenHash,
  DPOP_SIGNING_ALGS,
  DpopProofError,
  type DpopProofErrorCode,
  normalizeHtu,
  type VerifiedDpopProof,
  type VerifyDpopProofOptions,
  verifyDpopProof,
} from "./dpop-proof";
