export { listAuditEvents } from "./admin/audit-events";
export { updateClientRegistrationPolicyInput } from "./admin/client-registration/client-registration-policy";
export { getClientRegistrationPolicy } from "./admin/client-registration/get-client-registration-policy";
export {
  issueInitialAccessToken,
  issueInitialAccessTokenInput,
} from "./admin/client-registration/issue-initial-access-token";
export { listInitialAccessTokens } from "./admin/client-registration/list-initial-access-tokens";
export { revokeInitialAccessToken } from "./admin/client-registration/revoke-initial-access-token";
export { updateClientRegistrationPolicy } from "./admin/client-registration/update-client-registration-policy";
export { addKeyManagerByIssuer } from "./admin/external-key-managers/add-key-manager-by-issuer";
export {
  linkFederatedIdentity,
  listFederatedIdentities,
  unlinkFederatedIdentity,
} from "./admin/federated-identities";
export { listGrantTypes, updateGrantType } from "./admin/grant-types";
export {
  createIdentityProvider,
  deleteIdentityProvider,
  getIdentityProvider,
  listIdentityProviders,
  updateIdentityProvider,
} from "./admin/identity-providers";
export { createKeyManager, deleteKeyManager, listKeyManagers, updateKeyManager } from "./admin/key-managers";
export { listSigningKeys, rotateTokenSigningKey } from "./admin/signing-keys";
export { getSignupSetting, updateSignupSetting, updateSignupSettingInput } from "./admin/signup";
export { createTier, deleteTier, listTiers, updateTier } from "./admin/tiers";
export { getTokenValidity, updateTokenValidity } from "./admin/token-validity";
export {
  API_DOCUMENT_TYPE_LABELS,
  API_DOCUMENT_TYPES,
  type ApiDocumentView,
  createApiDocument,
  deleteApiDocument,
  getApiDocument,
  listApiDocuments,
  updateApiDocument,
} from "./apis/api-documents";
export { type ApiTraffic, apiTraffic } from "./apis/api-traffic";
export type { ApiView } from "./apis/api-view";
export { changeApiLifecycle, lifecycle, lifecycleActions } from "./apis/change-api-lifecycle";
export { createApi } from "./apis/create-api";
export { createApiVersion } from "./apis/create-api-version";
export { deleteApi } from "./apis/delete-api";
export { exportOpenApi } from "./apis/export-openapi";
export { getApi } from "./apis/get-api";
export { importOpenApi } from "./apis/import-openapi";
export { listApiKeyManagers } from "./apis/list-api-key-managers";
export { listApis } from "./apis/list-apis";
export { listSubscriptionTiers } from "./apis/list-subscription-tiers";
export {
  createSharedScope,
  deleteSharedScope,
  listSharedScopes,
  type SharedScopeView,
  updateSharedScope,
} from "./apis/shared-scopes";
export { updateApi } from "./apis/update-api";
export { audit } from "./audit";
export { authenticateBearer } from "./auth/authenticate-bearer";
export {
  anonymousPrincipal,
  isAdmin,
  type Principal,
  RestScope,
  requireScope,
  scopesOfRole,
  sessionPrincipal,
} from "./auth/principal";
export { recordChange } from "./changes";
export type { IssueApplicationTokenInput, IssuedToken, OperationContext } from "./context";
export { canDiscoverApi } from "./devportal/application-access";
export {
  createApplication,
  deleteApplication,
  getApplication,
  listApplications,
  listApplicationTiers,
  updateApplication,
} from "./devportal/applications";
export {
  type CatalogApiView,
  catalogApiView,
  getCatalogApi,
  getCatalogDocument,
  listCatalog,
  listCatalogDocuments,
} from "./devportal/catalog";
export { generateExternalToken } from "./devportal/external-keys/generate-external-token";
export { linkExternalKeys } from "./devportal/external-keys/link-external-keys";
export { listDeveloperKeyManagers } from "./devportal/external-keys/list-developer-key-managers";
export { registerExternalKeys } from "./devportal/external-keys/register-external-keys";
export { APPLICATION_TOKEN_GRANT, keyManagerTokenIssuer } from "./devportal/key-manager-token-issuer";
export {
  addSecret,
  generateKeys,
  listAvailableGrantTypes,
  listKeys,
  revokeKeys,
  revokeSecret,
  updateKeys,
} from "./devportal/keys";
export { listSubscriptions, subscribe, unsubscribe } from "./devportal/subscriptions";
export {
  applicationTokenBounds,
  generateToken,
  listActiveTokens,
  listTokenScopes,
  revokeApplicationTokens,
} from "./devportal/tokens";
export { getUsage } from "./devportal/usage";
export { AppError, type AppErrorCode, type FieldError } from "./errors";
export { type FormState, formAction } from "./form-state";
export { checkTextDepth, MAX_JSON_DEPTH, parseCallerJson } from "./json-depth";
export { evaluatePolicy, evaluatePolicyInput } from "./policies/evaluate-policy";
export {
  createPolicy,
  createPolicyInput,
  deletePolicy,
  getPolicy,
  listPolicies,
  MAX_POLICY_CHARS,
  updatePolicy,
  updatePolicyInput,
} from "./policies/policies";
export {
  attachPolicy,
  attachPolicyInput,
  detachPolicy,
  listPolicyAttachments,
  updatePolicyAttachment,
} from "./policies/policy-attachments";
export { createPolicyVersion, getPolicyVersion, listPolicyVersions } from "./policies/policy-versions";
export { changeSubscriptionState } from "./subscriptions/change-subscription-state";
export { listApiSubscriptions } from "./subscriptions/list-api-subscriptions";
export { listRoles } from "./users/list-roles";
export { setUserNtHash, setUserNtHashInput } from "./users/set-user-nt-hash";
export { createUserAccount, listUsers, updateUserAccount } from "./users/users";
