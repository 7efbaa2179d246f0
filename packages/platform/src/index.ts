export { listAuditEvents } from "./admin/audit-events";
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
export { listAuditLogFacets } from "./admin/list-audit-log-facets";
export {
  type AuditEventView,
  type AuditSearch,
  searchAuditEvents,
  searchAuditEventsInput,
} from "./admin/search-audit-events";
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
export { listCatalogApiTiers } from "./devportal/list-catalog-api-tiers";
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
