import { listAuditEvents } from "../admin/audit-events";
import { listGrantTypes } from "../admin/grant-types/list-grant-types";
import { updateGrantType, updateGrantTypeInput } from "../admin/grant-types/update-grant-type";
import { createKeyManager } from "../admin/key-managers/create-key-manager";
import { deleteKeyManager } from "../admin/key-managers/delete-key-manager";
import { listKeyManagers } from "../admin/key-managers/list-key-managers";
import { updateKeyManager, updateKeyManagerInput } from "../admin/key-managers/update-key-manager";
import { listSigningKeys, rotateTokenSigningKey } from "../admin/signing-keys";
import { createTier } from "../admin/tiers/create-tier";
import { deleteTier } from "../admin/tiers/delete-tier";
import { listTiers } from "../admin/tiers/list-tiers";
import { updateTier, updateTierInput } from "../admin/tiers/update-tier";
import { getTokenValidity } from "../admin/token-validity/get-token-validity";
import { updateTokenValidity, updateTokenValidityInput } from "../admin/token-validity/update-token-validity";
import {
  updateApplicationTokenBinding,
  updateApplicationTokenBindingInput,
} from "../admin/update-application-token-binding";
import { RestScope } from "../auth/principal";
import { createUserAccount, listUsers, updateUserAccount, updateUserInput } from "../users/users";
import { clientRegistrationRoutes } from "./client-registration-routes";
import { denyPolicyRoutes } from "./deny-policy-routes";
import { externalKeyManagerAdminRoutes } from "./external-key-manager-routes";
import { identityProviderRoutes } from "./identity-provider-routes";
import { policyRoutes } from "./policy-routes";
import { environmentRoutes } from "./revision-routes";
import type { Route } from "./router";
import { signupRoutes } from "./signup-routes";
import { adminWorkflowRoutes } from "./workflow-routes";

const p = (params: Record<string, string>, name: string) => params[name] ?? "";
const admin = RestScope.admin;

/** The admin REST API: http://localhost:3000/api/admin/v1 */
export const adminRoutes: Route[] = [
  {
    method: "GET",
    path: "/grant-types",
    tag: "Grant types",
    summary: "Grant types and whether each is enabled",
    scope: admin,
    handle: (ctx) => listGrantTypes(ctx),
  },
  {
    method: "PUT",
    path: "/grant-types/{name}",
    tag: "Grant types",
    summary: "Enable or disable a grant type (name URL-encoded)",
    scope: admin,
    body: updateGrantTypeInput,
    update: "replace",
    handle: (ctx, r) => updateGrantType(ctx, p(r.params, "name"), r.body),
  },
  {
    method: "GET",
    path: "/token-validity",
    tag: "Tokens",
    summary: "Token validity defaults and maximums",
    scope: admin,
    handle: (ctx) => getTokenValidity(ctx),
  },
  {
    method: "PUT",
    path: "/token-validity",
    tag: "Tokens",
    summary: "Change token validity defaults and maximums",
    scope: admin,
    body: updateTokenValidityInput,
    update: "partial",
    handle: (ctx, r) => updateTokenValidity(ctx, r.body),
  },
  {
    method: "GET",
    path: "/key-managers",
    tag: "Key managers",
    summary: "Key managers",
    scope: admin,
    handle: (ctx) => listKeyManagers(ctx),
  },
  {
    method: "POST",
    path: "/key-managers",
    tag: "Key managers",
    summary: "Add an external key manager from its discovery URL",
    scope: admin,
    status: 201,
    handle: (ctx, r) => createKeyManager(ctx, r.body),
  },
  {
    method: "PUT",
    path: "/key-managers/{id}",
    tag: "Key managers",
    summary: "Enable, disable or remap a key manager",
    scope: admin,
    body: updateKeyManagerInput,
    update: "partial",
    handle: (ctx, r) => updateKeyManager(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "DELETE",
    path: "/key-managers/{id}",
    tag: "Key managers",
    summary: "Remove an external key manager",
    scope: admin,
    status: 204,
    handle: (ctx, r) => deleteKeyManager(ctx, p(r.params, "id")),
  },
  {
    method: "GET",
    path: "/tiers",
    tag: "Throttling",
    summary: "Throttling tiers",
    scope: admin,
    handle: (ctx) => listTiers(ctx),
  },
  {
    method: "POST",
    path: "/tiers",
    tag: "Throttling",
    summary: "Create a throttling tier",
    scope: admin,
    status: 201,
    handle: (ctx, r) => createTier(ctx, r.body),
  },
  {
    method: "PUT",
    path: "/tiers/{id}",
    tag: "Throttling",
    summary: "Change a throttling tier",
    scope: admin,
    body: updateTierInput,
    update: "partial",
    handle: (ctx, r) => updateTier(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "DELETE",
    path: "/tiers/{id}",
    tag: "Throttling",
    summary: "Delete an unused throttling tier",
    scope: admin,
    status: 204,
    handle: (ctx, r) => deleteTier(ctx, p(r.params, "id")),
  },
  {
    method: "GET",
    path: "/users",
    tag: "Users",
    summary: "Users and their roles",
    scope: admin,
    handle: (ctx) => listUsers(ctx),
  },
  {
    method: "POST",
    path: "/users",
    tag: "Users",
    summary: "Create a user",
    scope: admin,
    status: 201,
    handle: (ctx, r) => createUserAccount(ctx, r.body),
  },
  {
    method: "PUT",
    path: "/users/{id}",
    tag: "Users",
    summary: "Change a user's roles or disable them",
    scope: admin,
    body: updateUserInput,
    update: "partial",
    handle: (ctx, r) => updateUserAccount(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "GET",
    path: "/audit-events",
    tag: "Audit",
    summary: "The audit log, newest first",
    scope: admin,
    handle: (ctx, r) => listAuditEvents(ctx, r.query),
  },
  {
    method: "GET",
    path: "/signing-keys",
    tag: "Tokens",
    summary: "The key manager's token signing keys",
    scope: admin,
    handle: (ctx) => listSigningKeys(ctx),
  },
  {
    method: "POST",
    path: "/signing-keys/rotate",
    tag: "Tokens",
    summary: "Rotate the token signing key (the old one stays published until its tokens expire)",
    scope: admin,
    handle: (ctx, r) => rotateTokenSigningKey(ctx, r.body),
  },
  {
    method: "PUT",
    path: "/applications/{id}/token-binding",
    tag: "Tokens",
    summary: "Require DPoP-bound tokens (RFC 9449) for an application",
    scope: admin,
    body: updateApplicationTokenBindingInput,
    update: "replace",
    handle: (ctx, r) => updateApplicationTokenBinding(ctx, p(r.params, "id"), r.body),
  },
  ...policyRoutes,
  ...identityProviderRoutes,
  ...signupRoutes,
  ...clientRegistrationRoutes,
  ...externalKeyManagerAdminRoutes,
  ...denyPolicyRoutes,
  ...environmentRoutes,
  ...adminWorkflowRoutes,
];
