import {
  createApiDocument,
  createApiDocumentInput,
  deleteApiDocument,
  getApiDocument,
  listApiDocuments,
  updateApiDocument,
  updateApiDocumentInput,
} from "../apis/api-documents";
import { createApiInput, updateApiInput } from "../apis/api-schemas";
import { apiTraffic } from "../apis/api-traffic";
import { changeApiLifecycle } from "../apis/change-api-lifecycle";
import { createApi } from "../apis/create-api";
import { createApiVersion } from "../apis/create-api-version";
import { deleteApi } from "../apis/delete-api";
import { exportOpenApi } from "../apis/export-openapi";
import { getApi } from "../apis/get-api";
import { importOpenApi, importOpenApiInput } from "../apis/import-openapi";
import { listApiKeyManagers } from "../apis/list-api-key-managers";
import { listApis } from "../apis/list-apis";
import { listSubscriptionTiers } from "../apis/list-subscription-tiers";
import {
  createSharedScope,
  createSharedScopeInput,
  deleteSharedScope,
  listSharedScopes,
  updateSharedScope,
  updateSharedScopeInput,
} from "../apis/shared-scopes";
import { updateApi } from "../apis/update-api";
import { updateApiSecuritySchemes, updateApiSecuritySchemesInput } from "../apis/update-api-security-schemes";
import { RestScope } from "../auth/principal";
import { changeSubscriptionState } from "../subscriptions/change-subscription-state";
import { listApiSubscriptions } from "../subscriptions/list-api-subscriptions";
import { listRoles } from "../users/list-roles";
import { revisionRoutes } from "./revision-routes";
import type { Route } from "./router";
import { publisherWorkflowRoutes } from "./workflow-routes";

const p = (params: Record<string, string>, name: string) => params[name] ?? "";

/** The publisher REST API: http://localhost:3000/api/publisher/v1 */
export const publisherRoutes: Route[] = [
  {
    method: "GET",
    path: "/apis",
    tag: "APIs",
    summary: "List APIs",
    scope: RestScope.apiView,
    handle: (ctx, r) => listApis(ctx, r.query),
  },
  {
    method: "POST",
    path: "/apis",
    tag: "APIs",
    summary: "Create an API",
    scope: RestScope.apiCreate,
    body: createApiInput,
    status: 201,
    handle: (ctx, r) => createApi(ctx, r.body),
  },
  {
    method: "POST",
    path: "/apis/import-openapi",
    tag: "APIs",
    summary: "Create an API from an OpenAPI 3.0/3.1 document",
    scope: RestScope.apiCreate,
    body: importOpenApiInput,
    status: 201,
    handle: (ctx, r) => importOpenApi(ctx, r.body),
  },
  {
    method: "GET",
    path: "/apis/{id}",
    tag: "APIs",
    summary: "Get an API",
    scope: RestScope.apiView,
    handle: (ctx, r) => getApi(ctx, p(r.params, "id")),
  },
  {
    method: "PUT",
    path: "/apis/{id}",
    tag: "APIs",
    summary: "Change an API",
    scope: RestScope.apiCreate,
    body: updateApiInput,
    update: "partial",
    handle: (ctx, r) => updateApi(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "DELETE",
    path: "/apis/{id}",
    tag: "APIs",
    summary: "Delete an API without subscriptions",
    scope: RestScope.apiCreate,
    status: 204,
    handle: (ctx, r) => deleteApi(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/apis/{id}/lifecycle",
    tag: "Lifecycle",
    summary: "publish, deprecate, retire, block or unblock",
    scope: RestScope.apiPublish,
    handle: (ctx, r) => changeApiLifecycle(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "POST",
    path: "/apis/{id}/versions",
    tag: "APIs",
    summary: "Create a new version of an API",
    scope: RestScope.apiCreate,
    status: 201,
    handle: (ctx, r) => createApiVersion(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "PUT",
    path: "/apis/{id}/security-schemes",
    tag: "APIs",
    summary:
      "Which credentials the gateway accepts: OAuth 2.0 (bearer or DPoP-required), API keys; one or all",
    scope: RestScope.apiCreate,
    body: updateApiSecuritySchemesInput,
    update: "partial",
    handle: (ctx, r) => updateApiSecuritySchemes(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "GET",
    path: "/apis/{id}/openapi",
    tag: "APIs",
    summary: "Export the API's OpenAPI document with its scopes",
    scope: RestScope.apiView,
    handle: (ctx, r) => exportOpenApi(ctx, p(r.params, "id")),
  },
  {
    method: "GET",
    path: "/apis/{id}/subscriptions",
    tag: "Subscriptions",
    summary: "Subscriptions to an API",
    scope: RestScope.apiView,
    handle: (ctx, r) => listApiSubscriptions(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/subscriptions/{id}/state",
    tag: "Subscriptions",
    summary: "Block or unblock a subscription",
    scope: RestScope.apiPublish,
    handle: (ctx, r) => changeSubscriptionState(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "GET",
    path: "/roles",
    tag: "Roles",
    summary: "Roles scopes can be bound to",
    scope: RestScope.apiView,
    handle: (ctx) => listRoles(ctx),
  },
  {
    method: "GET",
    path: "/tiers",
    tag: "APIs",
    summary: "Subscription tiers an API can offer",
    scope: RestScope.apiView,
    handle: (ctx) => listSubscriptionTiers(ctx),
  },
  {
    method: "GET",
    path: "/key-managers",
    tag: "APIs",
    summary: "Enabled key managers an API can accept tokens from",
    scope: RestScope.apiView,
    handle: (ctx) => listApiKeyManagers(ctx),
  },
  {
    method: "GET",
    path: "/apis/{id}/documents",
    tag: "Documents",
    summary: "An API's documents",
    scope: RestScope.apiView,
    handle: (ctx, r) => listApiDocuments(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/apis/{id}/documents",
    tag: "Documents",
    summary: "Add a document (markdown content or a source URL)",
    scope: RestScope.apiCreate,
    body: createApiDocumentInput,
    status: 201,
    handle: (ctx, r) => createApiDocument(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "GET",
    path: "/apis/{id}/documents/{docId}",
    tag: "Documents",
    summary: "Get a document",
    scope: RestScope.apiView,
    handle: (ctx, r) => getApiDocument(ctx, p(r.params, "id"), p(r.params, "docId")),
  },
  {
    method: "PUT",
    path: "/apis/{id}/documents/{docId}",
    tag: "Documents",
    summary: "Change a document",
    scope: RestScope.apiCreate,
    body: updateApiDocumentInput,
    update: "partial",
    handle: (ctx, r) => updateApiDocument(ctx, p(r.params, "id"), p(r.params, "docId"), r.body),
  },
  {
    method: "DELETE",
    path: "/apis/{id}/documents/{docId}",
    tag: "Documents",
    summary: "Delete a document",
    scope: RestScope.apiCreate,
    status: 204,
    handle: (ctx, r) => deleteApiDocument(ctx, p(r.params, "id"), p(r.params, "docId")),
  },
  {
    method: "GET",
    path: "/scopes",
    tag: "Scopes",
    summary: "Shared scopes (usable by every API's resources)",
    scope: RestScope.apiCreate,
    handle: (ctx) => listSharedScopes(ctx),
  },
  {
    method: "POST",
    path: "/scopes",
    tag: "Scopes",
    summary: "Create a shared scope bound to roles",
    scope: RestScope.apiCreate,
    body: createSharedScopeInput,
    status: 201,
    handle: (ctx, r) => createSharedScope(ctx, r.body),
  },
  {
    method: "PUT",
    path: "/scopes/{name}",
    tag: "Scopes",
    summary: "Change a shared scope's description or roles",
    scope: RestScope.apiCreate,
    body: updateSharedScopeInput,
    update: "partial",
    handle: (ctx, r) => updateSharedScope(ctx, p(r.params, "name"), r.body),
  },
  {
    method: "DELETE",
    path: "/scopes/{name}",
    tag: "Scopes",
    summary: "Delete a shared scope no resource requires",
    scope: RestScope.apiCreate,
    status: 204,
    handle: (ctx, r) => deleteSharedScope(ctx, p(r.params, "name")),
  },
  {
    method: "GET",
    path: "/traffic",
    tag: "APIs",
    summary: "Calls, errors, throttled and denied per API and hour (last 24 hours by default)",
    scope: RestScope.apiView,
    handle: (ctx, r) => apiTraffic(ctx, r.query),
  },
  ...revisionRoutes,
  ...publisherWorkflowRoutes,
];
