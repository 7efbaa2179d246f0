// The owners suite's decision for every server action of both portals, and how a non-owner fares
// with each platform operation those actions call.
import { generateKeyPairSync } from "node:crypto";
import { expect } from "vitest";
import * as platform from "../../src/index";
import type { Platform } from "../platform-server";
import { type Attacker, apiBody, openApiDocument, session, type World } from "./world";

// ---- server actions: every exported action of every actions.ts of both portals

/** Which operations of @portico/platform an action calls, and whom its page lets in. */
export interface ActionDecision {
  gate: "publisher" | "admin" | "developer";
  operations: string[];
}
export const actionDecisions: Record<string, ActionDecision> = {
  "publisher/approvals#decideApprovalAction": { gate: "publisher", operations: ["decideWorkflowRequest"] },
  "publisher/notifications#markAllReadAction": {
    gate: "publisher",
    operations: ["markAllNotificationsRead"],
  },
  "publisher/admin/approvals#approvalSettingsAction": {
    gate: "admin",
    operations: ["updateApprovalSettings"],
  },
  "devportal/notifications#markAllReadAction": {
    gate: "developer",
    operations: ["markAllNotificationsRead"],
  },
  "publisher/apis#createApiAction": { gate: "publisher", operations: ["createApi"] },
  "publisher/apis#updateApiAction": { gate: "publisher", operations: ["updateApi"] },
  "publisher/apis#importOpenApiAction": { gate: "publisher", operations: ["importOpenApi"] },
  "publisher/apis#lifecycleAction": { gate: "publisher", operations: ["changeApiLifecycle"] },
  "publisher/apis#newVersionAction": { gate: "publisher", operations: ["createApiVersion"] },
  "publisher/apis#deleteApiAction": { gate: "publisher", operations: ["deleteApi", "getApi"] },
  "publisher/apis#subscriptionAction": { gate: "publisher", operations: ["changeSubscriptionState"] },
  "publisher/apis/[id]/security-schemes#securitySchemesAction": {
    gate: "publisher",
    operations: ["updateApiSecuritySchemes"],
  },
  "publisher/scopes#createSharedScopeAction": { gate: "publisher", operations: ["createSharedScope"] },
  "publisher/scopes#updateSharedScopeAction": { gate: "publisher", operations: ["updateSharedScope"] },
  "publisher/scopes#deleteSharedScopeAction": { gate: "publisher", operations: ["deleteSharedScope"] },
  "publisher/admin#grantTypeAction": { gate: "admin", operations: ["listGrantTypes", "updateGrantType"] },
  "publisher/admin#tokenValidityAction": { gate: "admin", operations: ["updateTokenValidity"] },
  "publisher/admin#createTierAction": { gate: "admin", operations: ["createTier"] },
  "publisher/admin#deleteTierAction": { gate: "admin", operations: ["deleteTier"] },
  "publisher/admin/tiers#updateTierAction": { gate: "admin", operations: ["updateTier"] },
  "publisher/admin/deny-policies#createDenyPolicyAction": { gate: "admin", operations: ["createDenyPolicy"] },
  "publisher/admin/deny-policies#updateDenyPolicyAction": { gate: "admin", operations: ["updateDenyPolicy"] },
  "publisher/admin/deny-policies#deleteDenyPolicyAction": { gate: "admin", operations: ["deleteDenyPolicy"] },
  "publisher/admin#createKeyManagerAction": { gate: "admin", operations: ["createKeyManager"] },
  "publisher/admin#keyManagerStateAction": {
    gate: "admin",
    operations: ["deleteKeyManager", "updateKeyManager"],
  },
  "publisher/admin/key-managers#addKeyManagerByIssuerAction": {
    gate: "admin",
    operations: ["addKeyManagerByIssuer"],
  },
  "publisher/admin/client-registration#clientRegistrationPolicyAction": {
    gate: "admin",
    operations: ["updateClientRegistrationPolicy"],
  },
  "publisher/admin/client-registration#issueInitialAccessTokenAction": {
    gate: "admin",
    operations: ["issueInitialAccessToken"],
  },
  "publisher/admin/client-registration#revokeInitialAccessTokenAction": {
    gate: "admin",
    operations: ["revokeInitialAccessToken"],
  },
  "devportal/applications/[id]/external-keys#externalKeysAction": {
    gate: "developer",
    operations: ["registerExternalKeys", "linkExternalKeys", "generateExternalToken"],
  },
  "publisher/admin#createUserAction": { gate: "admin", operations: ["createUserAccount"] },
  "publisher/admin#userRolesAction": { gate: "admin", operations: ["updateUserAccount"] },
  "publisher/admin/identity-providers#createIdentityProviderAction": {
    gate: "admin",
    operations: ["createIdentityProvider"],
  },
  "publisher/admin/identity-providers#updateIdentityProviderAction": {
    gate: "admin",
    operations: ["updateIdentityProvider"],
  },
  "publisher/admin/identity-providers#identityProviderStateAction": {
    gate: "admin",
    operations: ["deleteIdentityProvider", "updateIdentityProvider"],
  },
  "publisher/admin/identity-providers#setNtHashAction": { gate: "admin", operations: ["setUserNtHash"] },
  "publisher/admin/identity-providers#linkIdentityAction": {
    gate: "admin",
    operations: ["linkFederatedIdentity"],
  },
  "publisher/admin/identity-providers#unlinkIdentityAction": {
    gate: "admin",
    operations: ["unlinkFederatedIdentity"],
  },
  "publisher/admin/policies#createPolicyAction": { gate: "admin", operations: ["createPolicy"] },
  "publisher/admin/policies#newVersionAction": { gate: "admin", operations: ["createPolicyVersion"] },
  "publisher/admin/policies#updatePolicyAction": { gate: "admin", operations: ["updatePolicy"] },
  "publisher/admin/policies#deletePolicyAction": { gate: "admin", operations: ["deletePolicy"] },
  "publisher/admin/policies#attachPolicyAction": { gate: "admin", operations: ["attachPolicy"] },
  "publisher/admin/policies#attachmentAction": {
    gate: "admin",
    operations: ["detachPolicy", "updatePolicyAttachment"],
  },
  "publisher/admin/policies#tryItAction": { gate: "admin", operations: ["evaluatePolicy"] },
  "devportal/apis/[id]#subscribeAction": { gate: "developer", operations: ["subscribe"] },
  "devportal/apis/[id]#tryItAction": { gate: "developer", operations: ["getCatalogApi"] },
  "devportal/applications#createApplicationAction": { gate: "developer", operations: ["createApplication"] },
  "devportal/applications/[id]#updateApplicationAction": {
    gate: "developer",
    operations: ["updateApplication"],
  },
  "devportal/applications/[id]#deleteApplicationAction": {
    gate: "developer",
    operations: ["deleteApplication"],
  },
  "devportal/applications/[id]#keysAction": {
    gate: "developer",
    operations: ["addSecret", "generateKeys", "revokeKeys", "revokeSecret", "updateKeys"],
  },
  "devportal/applications/[id]/certificates#certificatesAction": {
    gate: "developer",
    operations: ["registerCertificate", "removeCertificate"],
  },
  "devportal/applications/[id]#unsubscribeAction": { gate: "developer", operations: ["unsubscribe"] },
  "devportal/applications/[id]#generateTokenAction": {
    gate: "developer",
    operations: ["generateDpopBoundToken", "generateToken"],
  },
  "devportal/applications/[id]/api-keys#generateApiKeyAction": {
    gate: "developer",
    operations: ["generateApiKey"],
  },
  "devportal/applications/[id]/api-keys#revokeApiKeyAction": {
    gate: "developer",
    operations: ["revokeApiKey"],
  },
  "devportal/applications/[id]#revokeTokensAction": {
    gate: "developer",
    operations: ["revokeApplicationTokens"],
  },
  "publisher/apis/[id]/revisions#createRevisionAction": {
    gate: "publisher",
    operations: ["createApiRevision"],
  },
  "publisher/apis/[id]/revisions#restoreRevisionAction": {
    gate: "publisher",
    operations: ["restoreApiRevision"],
  },
  "publisher/apis/[id]/revisions#deleteRevisionAction": {
    gate: "publisher",
    operations: ["deleteApiRevision"],
  },
  "publisher/apis/[id]/revisions#deployRevisionAction": {
    gate: "publisher",
    operations: ["deployApiRevision"],
  },
  "publisher/apis/[id]/revisions#undeployAction": { gate: "publisher", operations: ["undeployApiRevision"] },
  "publisher/admin/environments#createEnvironmentAction": {
    gate: "admin",
    operations: ["createGatewayEnvironment"],
  },
  "publisher/admin/environments#deleteEnvironmentAction": {
    gate: "admin",
    operations: ["deleteGatewayEnvironment"],
  },
  "publisher/admin/environments#deploymentSettingsAction": {
    gate: "admin",
    operations: ["updateDeploymentSettings"],
  },
};

/**
 * How a non-owner fares with each operation a server action calls, run as a portal session
 * (what the action does after its page's role check): the expected refusal, or a check that it
 * only ever acts for the caller.
 */
export type OperationProbe =
  | { refuse: 403 | 404 | 409; as: Attacker[]; args: (w: World) => unknown[] }
  | { self: (p: Platform, w: World) => Promise<void> };
export const adminOnly = (...args: unknown[]): OperationProbe => ({
  refuse: 403,
  as: ["bob", "eve"],
  args: () => args,
});
export const operationProbes: Record<string, OperationProbe> = {
  createApi: { refuse: 409, as: ["bob"], args: () => [apiBody("/pizza/v8")] },
  updateApi: { refuse: 404, as: ["bob"], args: (w) => [w.apiA, { isDefaultVersion: false }] },
  importOpenApi: {
    refuse: 409,
    as: ["bob"],
    args: () => [{ document: openApiDocument, context: "/pizza/imported" }],
  },
  changeApiLifecycle: { refuse: 404, as: ["bob"], args: (w) => [w.apiA, { action: "block" }] },
  createApiVersion: {
    refuse: 404,
    as: ["bob"],
    args: (w) => [w.apiA, { version: "8.0.0", isDefaultVersion: true }],
  },
  deleteApi: { refuse: 404, as: ["bob"], args: (w) => [w.apiA] },
  getApi: { refuse: 404, as: ["bob"], args: (w) => [w.apiA] },
  updateApiSecuritySchemes: {
    refuse: 404,
    as: ["bob"],
    args: (w) => [w.apiA, { oauth2: { enabled: false }, apiKey: { enabled: true } }],
  },
  changeSubscriptionState: { refuse: 404, as: ["bob"], args: (w) => [w.subA, { action: "block" }] },
  createSharedScope: { refuse: 409, as: ["bob"], args: (w) => [{ name: w.scopeA }] },
  updateSharedScope: { refuse: 403, as: ["bob"], args: (w) => [w.scopeA, { roles: [], public: true }] },
  deleteSharedScope: { refuse: 403, as: ["bob"], args: (w) => [w.scopeA] },
  updateGrantType: adminOnly("password", { enabled: false }),
  listGrantTypes: adminOnly(),
  updateTokenValidity: adminOnly({ applicationTokenMax: 60 }),
  createTier: adminOnly({ name: "Free", level: "SUBSCRIPTION", requestCount: 1, unitTime: 60 }),
  deleteTier: adminOnly("x"),
  updateTier: adminOnly("x", { description: "x" }),
  createDenyPolicy: adminOnly({ username: "root" }),
  updateDenyPolicy: adminOnly("x", { username: "root" }),
  deleteDenyPolicy: adminOnly("x"),
  createKeyManager: adminOnly({ name: "Evil", discoveryUrl: "https://evil.example" }),
  deleteKeyManager: adminOnly("x"),
  updateKeyManager: adminOnly("x", { enabled: false }),
  addKeyManagerByIssuer: adminOnly({ name: "Evil", issuer: "https://evil.example" }),
  updateClientRegistrationPolicy: adminOnly({ enabled: true, requireInitialAccessToken: false }),
  issueInitialAccessToken: adminOnly({ maxUses: null }),
  revokeInitialAccessToken: adminOnly("x"),
  registerExternalKeys: {
    refuse: 404,
    as: ["eve"],
    args: (w) => [w.appA, { keyManager: "Partner", keyType: "SANDBOX", grantTypes: ["client_credentials"] }],
  },
  linkExternalKeys: {
    refuse: 404,
    as: ["eve"],
    args: (w) => [w.appA, { keyManager: "Partner", keyType: "SANDBOX", clientId: "eve", accessToken: "eve" }],
  },
  generateExternalToken: {
    refuse: 404,
    as: ["eve"],
    args: (w) => [w.appA, "PRODUCTION", { consumerSecret: "guess" }],
  },
  createUserAccount: adminOnly({ username: "mallory", password: "x".repeat(16), roles: ["admin"] }),
  updateUserAccount: adminOnly("x", { roles: ["admin"] }),
  createIdentityProvider: adminOnly({ type: "OIDC", name: "Evil" }),
  updateIdentityProvider: adminOnly("x", {}),
  deleteIdentityProvider: adminOnly("x"),
  getIdentityProvider: adminOnly("x"),
  setUserNtHash: adminOnly("x", { ntHash: "0".repeat(32) }),
  linkFederatedIdentity: adminOnly("x", { subject: "root", userId: "x" }),
  unlinkFederatedIdentity: adminOnly("x", "y"),
  createPolicy: adminOnly({ name: "Evil", content: "<x/>" }),
  createPolicyVersion: adminOnly("x", { content: "<x/>" }),
  updatePolicy: adminOnly("x", { enabled: false }),
  deletePolicy: adminOnly("x"),
  attachPolicy: adminOnly("x", {}),
  detachPolicy: adminOnly("x", "y"),
  updatePolicyAttachment: adminOnly("x", "y", {}),
  evaluatePolicy: adminOnly("x", {}),
  subscribe: {
    refuse: 404,
    as: ["eve"],
    args: (w) => [{ applicationId: w.appA, apiId: w.apiA, tier: "Gold" }],
  },
  getCatalogApi: { refuse: 404, as: ["eve"], args: (w) => [w.privA] },
  createApplication: {
    self: async (p) => {
      const app = await platform.createApplication(session(p, "eve"), { name: "Eve action probe" });
      expect((await p.db.application.findUniqueOrThrow({ where: { id: app.id } })).ownerId).toBe(p.ids.eve);
      await p.db.application.delete({ where: { id: app.id } });
    },
  },
  updateApplication: { refuse: 404, as: ["eve"], args: (w) => [w.appA, { description: "eve's" }] },
  deleteApplication: { refuse: 404, as: ["eve"], args: (w) => [w.appA] },
  generateKeys: {
    refuse: 404,
    as: ["eve"],
    args: (w) => [w.appA, { keyType: "SANDBOX", grantTypes: ["client_credentials"] }],
  },
  updateKeys: {
    refuse: 404,
    as: ["eve"],
    args: (w) => [w.appA, "PRODUCTION", { callbackUrls: ["https://eve.example/cb"] }],
  },
  addSecret: { refuse: 404, as: ["eve"], args: (w) => [w.appA, "PRODUCTION", {}] },
  revokeSecret: { refuse: 404, as: ["eve"], args: (w) => [w.appA, "PRODUCTION", w.secretA] },
  revokeKeys: { refuse: 404, as: ["eve"], args: (w) => [w.appA, "PRODUCTION"] },
  registerCertificate: { refuse: 404, as: ["eve"], args: (w) => [w.appA, { pem: w.sparePem }] },
  removeCertificate: { refuse: 404, as: ["eve"], args: (w) => [w.appA, w.certA] },
  unsubscribe: { refuse: 404, as: ["eve"], args: (w) => [w.subA] },
  generateToken: { refuse: 404, as: ["eve"], args: (w) => [w.appA, { keyType: "PRODUCTION", scopes: [] }] },
  generateDpopBoundToken: {
    refuse: 404,
    as: ["eve"],
    args: (w) => [
      w.appA,
      {
        keyType: "PRODUCTION",
        jwk: generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }),
      },
    ],
  },
  generateApiKey: { refuse: 404, as: ["eve"], args: (w) => [w.appA, { name: "eve's key" }] },
  revokeApiKey: { refuse: 404, as: ["eve"], args: (w) => [w.appA, w.apiKeyA] },
  revokeApplicationTokens: { refuse: 404, as: ["eve"], args: (w) => [w.appA, w.tokenA] },
  createApiRevision: { refuse: 404, as: ["bob"], args: (w) => [w.apiA, {}] },
  restoreApiRevision: { refuse: 404, as: ["bob"], args: (w) => [w.apiA, w.revA] },
  deleteApiRevision: { refuse: 404, as: ["bob"], args: (w) => [w.apiA, w.revA] },
  deployApiRevision: {
    refuse: 404,
    as: ["bob"],
    args: (w) => [w.apiA, { revisionId: w.revA, environments: ["default"] }],
  },
  undeployApiRevision: { refuse: 404, as: ["bob"], args: (w) => [w.apiA, "default"] },
  createGatewayEnvironment: adminOnly({
    name: "evil",
    displayName: "Evil",
    httpsUrl: "https://evil.example",
  }),
  deleteGatewayEnvironment: adminOnly("default"),
  updateDeploymentSettings: adminOnly({ autoDeployOnPublish: false }),
  decideWorkflowRequest: { refuse: 404, as: ["bob"], args: (w) => [w.approvalA, { decision: "approve" }] },
  markAllNotificationsRead: {
    // it marks the caller's own inbox only: ann's and dana's entries stay unread
    self: async (p, w) => {
      for (const user of ["bob", "eve"]) await platform.markAllNotificationsRead(session(p, user));
      for (const id of [w.noteA, w.devNoteA])
        expect((await p.db.notification.findUniqueOrThrow({ where: { id } })).readAt).toBeNull();
    },
  },
  updateApprovalSettings: adminOnly({ apiPublishing: true }),
};
