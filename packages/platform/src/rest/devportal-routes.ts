import { generateApiKeyInput } from "../api-keys/api-key-view";
import { generateApiKey } from "../api-keys/generate-api-key";
import { listApiKeys } from "../api-keys/list-api-keys";
import { revokeApiKey } from "../api-keys/revoke-api-key";
import { RestScope } from "../auth/principal";
import { createApplication } from "../devportal/applications/create-application";
import { deleteApplication } from "../devportal/applications/delete-application";
import { getApplication } from "../devportal/applications/get-application";
import { listApplications } from "../devportal/applications/list-applications";
import { updateApplication, updateApplicationInput } from "../devportal/applications/update-application";
import { getCatalogApi, getCatalogDocument, listCatalog, listCatalogDocuments } from "../devportal/catalog";
import { addSecret } from "../devportal/keys/add-secret";
import { generateKeys } from "../devportal/keys/generate-keys";
import { listAvailableGrantTypes } from "../devportal/keys/list-available-grant-types";
import { listKeys } from "../devportal/keys/list-keys";
import { revokeKeys } from "../devportal/keys/revoke-keys";
import { revokeSecret } from "../devportal/keys/revoke-secret";
import { updateKeys, updateKeysInput } from "../devportal/keys/update-keys";
import { listSubscriptions, subscribe, unsubscribe } from "../devportal/subscriptions";
import {
  generateDpopBoundToken,
  generateDpopBoundTokenInput,
} from "../devportal/tokens/generate-dpop-bound-token";
import { generateToken } from "../devportal/tokens/generate-token";
import { listActiveTokens } from "../devportal/tokens/list-active-tokens";
import { listTokenScopes } from "../devportal/tokens/list-token-scopes";
import { revokeApplicationTokens } from "../devportal/tokens/revoke-application-tokens";
import { getUsage } from "../devportal/usage";
import { certificateDevportalRoutes } from "./certificate-routes";
import { externalKeyManagerDevportalRoutes } from "./external-key-manager-routes";
import type { Route } from "./router";
import { devportalWorkflowRoutes } from "./workflow-routes";

const p = (params: Record<string, string>, name: string) => params[name] ?? "";
const app = RestScope.appManage;

/** The developer portal REST API: http://localhost:3001/api/devportal/v1 */
export const devportalRoutes: Route[] = [
  {
    method: "GET",
    path: "/apis",
    tag: "Catalog",
    summary: "Published APIs, searchable by q and tag",
    scope: RestScope.subscribe,
    handle: (ctx, r) => listCatalog(ctx, r.query),
  },
  {
    method: "GET",
    path: "/apis/{id}",
    tag: "Catalog",
    summary: "A published API with resources, scopes and tiers",
    scope: RestScope.subscribe,
    handle: (ctx, r) => getCatalogApi(ctx, p(r.params, "id")),
  },
  {
    method: "GET",
    path: "/apis/{id}/documents",
    tag: "Catalog",
    summary: "The documents of a published API (names, kinds, links)",
    scope: RestScope.subscribe,
    handle: (ctx, r) => listCatalogDocuments(ctx, p(r.params, "id")),
  },
  {
    method: "GET",
    path: "/apis/{id}/documents/{docId}",
    tag: "Catalog",
    summary: "One document of a published API, with its markdown content",
    scope: RestScope.subscribe,
    handle: (ctx, r) => getCatalogDocument(ctx, p(r.params, "id"), p(r.params, "docId")),
  },
  {
    method: "GET",
    path: "/grant-types",
    tag: "Keys",
    summary: "Grant types keys may use",
    scope: app,
    handle: (ctx) => listAvailableGrantTypes(ctx),
  },
  {
    method: "GET",
    path: "/applications",
    tag: "Applications",
    summary: "My applications",
    scope: app,
    handle: (ctx) => listApplications(ctx),
  },
  {
    method: "POST",
    path: "/applications",
    tag: "Applications",
    summary: "Create an application",
    scope: app,
    status: 201,
    handle: (ctx, r) => createApplication(ctx, r.body),
  },
  {
    method: "GET",
    path: "/applications/{id}",
    tag: "Applications",
    summary: "One of my applications",
    scope: app,
    handle: (ctx, r) => getApplication(ctx, p(r.params, "id")),
  },
  {
    method: "PUT",
    path: "/applications/{id}",
    tag: "Applications",
    summary: "Change an application",
    scope: app,
    body: updateApplicationInput,
    update: "partial",
    handle: (ctx, r) => updateApplication(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "DELETE",
    path: "/applications/{id}",
    tag: "Applications",
    summary: "Delete an application, its keys and tokens",
    scope: app,
    status: 204,
    handle: (ctx, r) => deleteApplication(ctx, p(r.params, "id")),
  },
  {
    method: "GET",
    path: "/applications/{id}/keys",
    tag: "Keys",
    summary: "The application's keys (no secrets)",
    scope: app,
    handle: (ctx, r) => listKeys(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/applications/{id}/keys",
    tag: "Keys",
    summary: "Generate a consumer key and secret for a key type",
    scope: app,
    status: 201,
    handle: (ctx, r) => generateKeys(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "PUT",
    path: "/applications/{id}/keys/{keyType}",
    tag: "Keys",
    summary: "Change grant types, callback URLs, PKCE",
    scope: app,
    body: updateKeysInput,
    update: "partial",
    handle: (ctx, r) => updateKeys(ctx, p(r.params, "id"), p(r.params, "keyType"), r.body),
  },
  {
    method: "DELETE",
    path: "/applications/{id}/keys/{keyType}",
    tag: "Keys",
    summary: "Revoke the keys and their tokens",
    scope: app,
    status: 204,
    handle: (ctx, r) => revokeKeys(ctx, p(r.params, "id"), p(r.params, "keyType")),
  },
  {
    method: "POST",
    path: "/applications/{id}/keys/{keyType}/secrets",
    tag: "Keys",
    summary: "Add a secret (rotation), optionally expiring the others",
    scope: app,
    status: 201,
    handle: (ctx, r) => addSecret(ctx, p(r.params, "id"), p(r.params, "keyType"), r.body),
  },
  {
    method: "DELETE",
    path: "/applications/{id}/keys/{keyType}/secrets/{secretId}",
    tag: "Keys",
    summary: "Revoke one secret",
    scope: app,
    status: 204,
    handle: (ctx, r) => revokeSecret(ctx, p(r.params, "id"), p(r.params, "keyType"), p(r.params, "secretId")),
  },
  {
    method: "POST",
    path: "/applications/{id}/dpop-tokens",
    tag: "Tokens",
    summary:
      "Generate an access token bound to your DPoP public key (RFC 9449), with curl and openid-client examples",
    scope: app,
    body: generateDpopBoundTokenInput,
    status: 201,
    handle: (ctx, r) => generateDpopBoundToken(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "GET",
    path: "/applications/{id}/api-keys",
    tag: "API keys",
    summary: "The application's API keys (never the keys themselves)",
    scope: app,
    handle: (ctx, r) => listApiKeys(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/applications/{id}/api-keys",
    tag: "API keys",
    summary: "Generate an API key (shown once), with an optional expiry and allowed IPs or referrers",
    scope: app,
    body: generateApiKeyInput,
    status: 201,
    handle: (ctx, r) => generateApiKey(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "DELETE",
    path: "/applications/{id}/api-keys/{keyId}",
    tag: "API keys",
    summary: "Revoke an API key",
    scope: app,
    status: 204,
    handle: (ctx, r) => revokeApiKey(ctx, p(r.params, "id"), p(r.params, "keyId")),
  },
  {
    method: "GET",
    path: "/applications/{id}/scopes",
    tag: "Tokens",
    summary: "Scopes a token of this application may carry",
    scope: app,
    handle: (ctx, r) => listTokenScopes(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/applications/{id}/tokens",
    tag: "Tokens",
    summary: "Generate an access token with chosen scopes and validity",
    scope: app,
    status: 201,
    handle: (ctx, r) => generateToken(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "GET",
    path: "/applications/{id}/tokens",
    tag: "Tokens",
    summary: "Active tokens (without their values)",
    scope: app,
    handle: (ctx, r) => listActiveTokens(ctx, p(r.params, "id")),
  },
  {
    method: "DELETE",
    path: "/applications/{id}/tokens",
    tag: "Tokens",
    summary: "Revoke all of the application's tokens",
    scope: app,
    handle: (ctx, r) => revokeApplicationTokens(ctx, p(r.params, "id")),
  },
  {
    method: "DELETE",
    path: "/applications/{id}/tokens/{tokenId}",
    tag: "Tokens",
    summary: "Revoke one token",
    scope: app,
    handle: (ctx, r) => revokeApplicationTokens(ctx, p(r.params, "id"), p(r.params, "tokenId")),
  },
  {
    method: "GET",
    path: "/subscriptions",
    tag: "Subscriptions",
    summary: "My subscriptions (filter by applicationId)",
    scope: RestScope.subscribe,
    handle: (ctx, r) => listSubscriptions(ctx, r.query),
  },
  {
    method: "POST",
    path: "/subscriptions",
    tag: "Subscriptions",
    summary: "Subscribe an application to an API with a tier",
    scope: RestScope.subscribe,
    status: 201,
    handle: (ctx, r) => subscribe(ctx, r.body),
  },
  {
    method: "DELETE",
    path: "/subscriptions/{id}",
    tag: "Subscriptions",
    summary: "Unsubscribe",
    scope: RestScope.subscribe,
    status: 204,
    handle: (ctx, r) => unsubscribe(ctx, p(r.params, "id")),
  },
  {
    method: "GET",
    path: "/usage",
    tag: "Usage",
    summary: "Calls per application and API over time",
    scope: app,
    handle: (ctx, r) => getUsage(ctx, r.query),
  },
  ...externalKeyManagerDevportalRoutes,
  ...certificateDevportalRoutes,
  ...devportalWorkflowRoutes,
];
