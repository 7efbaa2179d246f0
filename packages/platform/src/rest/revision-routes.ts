import {
  createGatewayEnvironment,
  createGatewayEnvironmentInput,
} from "../admin/environments/create-gateway-environment";
import { deleteGatewayEnvironment } from "../admin/environments/delete-gateway-environment";
import {
  deploymentSettingsInput,
  getDeploymentSettings,
  updateDeploymentSettings,
} from "../admin/environments/deployment-settings";
import { listGatewayEnvironments } from "../admin/environments/list-gateway-environments";
import {
  updateGatewayEnvironment,
  updateGatewayEnvironmentInput,
} from "../admin/environments/update-gateway-environment";
import { RestScope } from "../auth/principal";
import { compareApiRevisions } from "../revisions/compare-api-revisions";
import { createApiRevision, createApiRevisionInput } from "../revisions/create-api-revision";
import { deleteApiRevision } from "../revisions/delete-api-revision";
import { deployApiRevision, deployApiRevisionInput } from "../revisions/deploy-api-revision";
import { listApiDeployments } from "../revisions/list-api-deployments";
import { getApiRevision, listApiRevisions } from "../revisions/list-api-revisions";
import { restoreApiRevision } from "../revisions/restore-api-revision";
import { undeployApiRevision } from "../revisions/undeploy-api-revision";
import type { Route } from "./router";

const p = (params: Record<string, string>, name: string) => params[name] ?? "";

/** Publisher API: an API's revisions and where they are deployed. */
export const revisionRoutes: Route[] = [
  {
    method: "GET",
    path: "/apis/{id}/revisions",
    tag: "Revisions",
    summary: "List an API's revisions (at most 5 are kept), newest first, with where each is deployed",
    scope: RestScope.apiView,
    handle: (ctx, r) => listApiRevisions(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/apis/{id}/revisions",
    tag: "Revisions",
    summary:
      "Snapshot the working copy as the next revision (prunes the oldest undeployed one past 5; 409 when all 5 are deployed)",
    scope: RestScope.apiCreate,
    body: createApiRevisionInput,
    status: 201,
    handle: (ctx, r) => createApiRevision(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "GET",
    path: "/apis/{id}/revisions/compare",
    tag: "Revisions",
    summary:
      "Compare two revisions (query from, to: revision ids, or working-copy): resources, scopes and settings added, removed or changed",
    scope: RestScope.apiView,
    handle: (ctx, r) => compareApiRevisions(ctx, p(r.params, "id"), r.query),
  },
  {
    method: "GET",
    path: "/apis/{id}/revisions/{revisionId}",
    tag: "Revisions",
    summary: "Get a revision with the definition it holds",
    scope: RestScope.apiView,
    handle: (ctx, r) => getApiRevision(ctx, p(r.params, "id"), p(r.params, "revisionId")),
  },
  {
    method: "DELETE",
    path: "/apis/{id}/revisions/{revisionId}",
    tag: "Revisions",
    summary: "Delete a revision deployed nowhere (409 while deployed)",
    scope: RestScope.apiCreate,
    status: 204,
    handle: (ctx, r) => deleteApiRevision(ctx, p(r.params, "id"), p(r.params, "revisionId")),
  },
  {
    method: "POST",
    path: "/apis/{id}/revisions/{revisionId}/restore",
    tag: "Revisions",
    summary: "Restore a revision into the working copy (what gateways serve changes only by deploying)",
    scope: RestScope.apiCreate,
    handle: (ctx, r) => restoreApiRevision(ctx, p(r.params, "id"), p(r.params, "revisionId")),
  },
  {
    method: "GET",
    path: "/apis/{id}/deployments",
    tag: "Revisions",
    summary: "What each gateway environment serves of the API, and its URL there",
    scope: RestScope.apiView,
    handle: (ctx, r) => listApiDeployments(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/apis/{id}/deployments",
    tag: "Revisions",
    summary: "Deploy a revision to gateway environments (an older one rolls back)",
    scope: RestScope.apiPublish,
    body: deployApiRevisionInput,
    handle: (ctx, r) => deployApiRevision(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "DELETE",
    path: "/apis/{id}/deployments/{environment}",
    tag: "Revisions",
    summary: "Undeploy the API from a gateway environment",
    scope: RestScope.apiPublish,
    handle: (ctx, r) => undeployApiRevision(ctx, p(r.params, "id"), p(r.params, "environment")),
  },
  {
    method: "GET",
    path: "/environments",
    tag: "Revisions",
    summary: "List the gateway environments revisions can be deployed to",
    scope: RestScope.apiView,
    handle: (ctx) => listGatewayEnvironments(ctx),
  },
];

/** Admin API: gateway environments and the deployment setting. */
export const environmentRoutes: Route[] = [
  {
    method: "GET",
    path: "/environments",
    tag: "Gateway environments",
    summary: "List gateway environments",
    scope: RestScope.admin,
    handle: (ctx) => listGatewayEnvironments(ctx, RestScope.admin),
  },
  {
    method: "POST",
    path: "/environments",
    tag: "Gateway environments",
    summary: "Define a gateway environment (name [a-z0-9-], display name, public HTTPS and HTTP URLs)",
    scope: RestScope.admin,
    body: createGatewayEnvironmentInput,
    status: 201,
    handle: (ctx, r) => createGatewayEnvironment(ctx, r.body),
  },
  {
    method: "PUT",
    path: "/environments/{name}",
    tag: "Gateway environments",
    summary: "Change a gateway environment's display name, description or URLs",
    scope: RestScope.admin,
    body: updateGatewayEnvironmentInput,
    update: "partial",
    handle: (ctx, r) => updateGatewayEnvironment(ctx, p(r.params, "name"), r.body),
  },
  {
    method: "DELETE",
    path: "/environments/{name}",
    tag: "Gateway environments",
    summary: "Delete a gateway environment nothing is deployed to (never default)",
    scope: RestScope.admin,
    status: 204,
    handle: (ctx, r) => deleteGatewayEnvironment(ctx, p(r.params, "name")),
  },
  {
    method: "GET",
    path: "/deployment-settings",
    tag: "Gateway environments",
    summary: "Whether publishing an API never deployed deploys it to the default environment",
    scope: RestScope.admin,
    handle: (ctx) => getDeploymentSettings(ctx),
  },
  {
    method: "PUT",
    path: "/deployment-settings",
    tag: "Gateway environments",
    summary: "Turn deploying on first publish on or off",
    scope: RestScope.admin,
    body: deploymentSettingsInput,
    update: "replace",
    handle: (ctx, r) => updateDeploymentSettings(ctx, r.body),
  },
];
