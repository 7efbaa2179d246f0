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
export { createDenyPolicy } from "./admin/deny-policies/create-deny-policy";
export { deleteDenyPolicy } from "./admin/deny-policies/delete-deny-policy";
export type { DenyPolicyView } from "./admin/deny-policies/deny-policy-view";
export { getDenyPolicy } from "./admin/deny-policies/get-deny-policy";
export { listDenyPolicies } from "./admin/deny-policies/list-deny-policies";
export { listDenyPolicyTargets } from "./admin/deny-policies/list-deny-policy-targets";
export { updateDenyPolicy } from "./admin/deny-policies/update-deny-policy";
export { createGatewayEnvironment } from "./admin/environments/create-gateway-environment";
export { deleteGatewayEnvironment } from "./admin/environments/delete-gateway-environment";
export { getDeploymentSettings, updateDeploymentSettings } from "./admin/environments/deployment-settings";
export { type EnvironmentView, environmentUrls } from "./admin/environments/environment-view";
export { listGatewayEnvironments } from "./admin/environments/list-gateway-environments";
export { updateGatewayEnvironment } from "./admin/environments/update-gateway-environment";
export { addKeyManagerByIssuer } from "./admin/external-key-managers/add-key-manager-by-issuer";
export {
  linkFederatedIdentity,
  listFederatedIdentities,
  unlinkFederatedIdentity,
} from "./admin/federated-identities";
export { listGrantTypes } from "./admin/grant-types/list-grant-types";
export { updateGrantType } from "./admin/grant-types/update-grant-type";
export { createIdentityProvider } from "./admin/identity-providers/create-identity-provider";
export { deleteIdentityProvider } from "./admin/identity-providers/delete-identity-provider";
export { getIdentityProvider } from "./admin/identity-providers/get-identity-provider";
export type { IdentityProviderView } from "./admin/identity-providers/identity-provider-view";
export { listIdentityProviders } from "./admin/identity-providers/list-identity-providers";
export { updateIdentityProvider } from "./admin/identity-providers/update-identity-provider";
export { createKeyManager } from "./admin/key-managers/create-key-manager";
export { deleteKeyManager } from "./admin/key-managers/delete-key-manager";
export type { KeyManagerView } from "./admin/key-managers/key-manager-view";
export { listKeyManagers } from "./admin/key-managers/list-key-managers";
export { updateKeyManager } from "./admin/key-managers/update-key-manager";
export { listAuditLogFacets } from "./admin/list-audit-log-facets";
export {
  type AuditEventView,
  type AuditSearch,
  searchAuditEvents,
  searchAuditEventsInput,
} from "./admin/search-audit-events";
export { listSigningKeys, rotateTokenSigningKey } from "./admin/signing-keys";
export { getSignupSetting, updateSignupSetting, updateSignupSettingInput } from "./admin/signup";
export { createTier } from "./admin/tiers/create-tier";
export { deleteTier } from "./admin/tiers/delete-tier";
export { listTiers } from "./admin/tiers/list-tiers";
export type { TierView } from "./admin/tiers/tier-view";
export { updateTier } from "./admin/tiers/update-tier";
export { getTokenValidity } from "./admin/token-validity/get-token-validity";
export { updateTokenValidity } from "./admin/token-validity/update-token-validity";
export {
  updateApplicationTokenBinding,
  updateApplicationTokenBindingInput,
} from "./admin/update-application-token-binding";
export { generateApiKeyInput } from "./api-keys/api-key-view";
export { generateApiKey } from "./api-keys/generate-api-key";
export { listApiKeys } from "./api-keys/list-api-keys";
export { revokeApiKey } from "./api-keys/revoke-api-key";
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
export { getApiOperations, type OperationDoc } from "./apis/get-api-operations";
export { importOpenApi } from "./apis/import-openapi";
export type { ScopeConflict } from "./apis/import-scope-conflicts";
export { listApiKeyManagers } from "./apis/list-api-key-managers";
export { listApis } from "./apis/list-apis";
export { listResourceTiers } from "./apis/list-resource-tiers";
export { listSubscriptionTiers } from "./apis/list-subscription-tiers";
export { openApiSecurity } from "./apis/openapi-security";
export {
  createSharedScope,
  deleteSharedScope,
  listSharedScopes,
  type SharedScopeView,
  updateSharedScope,
} from "./apis/shared-scopes";
export { updateApi } from "./apis/update-api";
export {
  updateApiSecuritySchemes,
  updateApiSecuritySchemesInput,
} from "./apis/update-api-security-schemes";
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
export {
  buildOperationContext,
  type IssueApplicationTokenInput,
  type IssuedToken,
  type OperationContext,
  type PlatformSetup,
} from "./context";
export { canDiscoverApi } from "./devportal/application-access";
export type { ApplicationView } from "./devportal/applications/application-view";
export { createApplication } from "./devportal/applications/create-application";
export { deleteApplication } from "./devportal/applications/delete-application";
export { getApplication } from "./devportal/applications/get-application";
export { listApplicationTiers } from "./devportal/applications/list-application-tiers";
export { listApplications } from "./devportal/applications/list-applications";
export { updateApplication } from "./devportal/applications/update-application";
export {
  type CatalogApiView,
  catalogApiView,
  getCatalogApi,
  getCatalogDocument,
  listCatalog,
  listCatalogDocuments,
} from "./devportal/catalog";
export { registerCertificateInput } from "./devportal/certificates/certificate-view";
export { listCertificates } from "./devportal/certificates/list-certificates";
export { registerCertificate } from "./devportal/certificates/register-certificate";
export { removeCertificate } from "./devportal/certificates/remove-certificate";
export { generateExternalToken } from "./devportal/external-keys/generate-external-token";
export { linkExternalKeys } from "./devportal/external-keys/link-external-keys";
export { listDeveloperKeyManagers } from "./devportal/external-keys/list-developer-key-managers";
export { registerExternalKeys } from "./devportal/external-keys/register-external-keys";
export { APPLICATION_TOKEN_GRANT, keyManagerTokenIssuer } from "./devportal/key-manager-token-issuer";
export { addSecret } from "./devportal/keys/add-secret";
export { generateKeys } from "./devportal/keys/generate-keys";
export type { KeysView } from "./devportal/keys/key-view";
export { listAvailableGrantTypes } from "./devportal/keys/list-available-grant-types";
export { listKeys } from "./devportal/keys/list-keys";
export { revokeKeys } from "./devportal/keys/revoke-keys";
export { revokeSecret } from "./devportal/keys/revoke-secret";
export { updateKeys } from "./devportal/keys/update-keys";
export { listCatalogApiTiers } from "./devportal/list-catalog-api-tiers";
export { listSubscriptions, subscribe, unsubscribe } from "./devportal/subscriptions";
export { applicationTokenBounds } from "./devportal/tokens/application-token-bounds";
export {
  generateDpopBoundToken,
  generateDpopBoundTokenInput,
} from "./devportal/tokens/generate-dpop-bound-token";
export { generateToken } from "./devportal/tokens/generate-token";
export { listActiveTokens } from "./devportal/tokens/list-active-tokens";
export { listTokenScopes, type TokenScopeView } from "./devportal/tokens/list-token-scopes";
export { revokeApplicationTokens } from "./devportal/tokens/revoke-application-tokens";
export { getUsage } from "./devportal/usage";
export { AppError, type AppErrorCode, type FieldError } from "./errors";
export { type FormState, formAction } from "./form-state";
export {
  describeGatewayPolicies,
  type GatewayPolicyDescription,
} from "./gateway-policies/describe-gateway-policies";
export {
  type GatewayPolicyUsage,
  listGatewayPolicyUsage,
} from "./gateway-policies/list-gateway-policy-usage";
export { checkTextDepth, MAX_JSON_DEPTH, parseCallerJson } from "./json-depth";
export {
  deliverDueWebhooks,
  signWebhookBody,
  WEBHOOK_FIRST_RETRY_MS,
  WEBHOOK_MAX_ATTEMPTS,
} from "./notifications/deliver-webhooks";
export {
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationView,
} from "./notifications/inbox";
export { startNotificationWorker } from "./notifications/notification-worker";
export { notificationEvents } from "./notifications/notify";
export { notifyExpiringKeys } from "./notifications/notify-expiring-keys";
export {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  updateWebhook,
} from "./notifications/webhooks";
export { attachPolicy, attachPolicyInput } from "./policies/attach-policy";
export { createPolicy, createPolicyInput } from "./policies/create-policy";
export { createPolicyVersion } from "./policies/create-policy-version";
export { deletePolicy } from "./policies/delete-policy";
export { detachPolicy } from "./policies/detach-policy";
export { evaluatePolicy, evaluatePolicyInput } from "./policies/evaluate-policy";
export { getPolicy } from "./policies/get-policy";
export { getPolicyVersion } from "./policies/get-policy-version";
export { listPolicies } from "./policies/list-policies";
export { listPolicyAttachments } from "./policies/list-policy-attachments";
export { listPolicyVersions } from "./policies/list-policy-versions";
export { MAX_POLICY_CHARS } from "./policies/policy-input";
export { updatePolicy, updatePolicyInput } from "./policies/update-policy";
export { updatePolicyAttachment } from "./policies/update-policy-attachment";
export { compareApiRevisions, WORKING_COPY } from "./revisions/compare-api-revisions";
export { createApiRevision } from "./revisions/create-api-revision";
export { deleteApiRevision } from "./revisions/delete-api-revision";
export { deployApiRevision } from "./revisions/deploy-api-revision";
export type { ApiDefinitionDiff, FieldChange } from "./revisions/diff-api-definitions";
export { listApiDeployments } from "./revisions/list-api-deployments";
export { getApiRevision, listApiRevisions } from "./revisions/list-api-revisions";
export { listCatalogApiEnvironments } from "./revisions/list-catalog-api-environments";
export { restoreApiRevision } from "./revisions/restore-api-revision";
export { undeployApiRevision } from "./revisions/undeploy-api-revision";
export { changeSubscriptionState } from "./subscriptions/change-subscription-state";
export { listApiSubscriptions } from "./subscriptions/list-api-subscriptions";
export { listRoles } from "./users/list-roles";
export { setUserNtHash, setUserNtHashInput } from "./users/set-user-nt-hash";
export { createUserAccount, listUsers, updateUserAccount } from "./users/users";
export {
  type ApprovalSettings,
  getApprovalSettings,
  updateApprovalSettings,
} from "./workflows/approval-settings";
export { decideWorkflowRequest } from "./workflows/decide-workflow-request";
export {
  getApprovalRequest,
  listApprovalInbox,
  listMyWorkflowRequests,
} from "./workflows/list-workflow-requests";
export type { WorkflowView } from "./workflows/workflow-request";
