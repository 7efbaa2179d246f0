import { createDenyPolicy, createDenyPolicyInput } from "../admin/deny-policies/create-deny-policy";
import { deleteDenyPolicy } from "../admin/deny-policies/delete-deny-policy";
import { getDenyPolicy } from "../admin/deny-policies/get-deny-policy";
import { listDenyPolicies } from "../admin/deny-policies/list-deny-policies";
import { updateDenyPolicy, updateDenyPolicyInput } from "../admin/deny-policies/update-deny-policy";
import { RestScope } from "../auth/principal";
import type { Route } from "./router";

const p = (params: Record<string, string>, name: string) => params[name] ?? "";
const admin = RestScope.admin;
const tag = "Deny policies";

/** Platform-wide block rules the gateways enforce (admin API). */
export const denyPolicyRoutes: Route[] = [
  {
    method: "GET",
    path: "/deny-policies",
    tag,
    summary: "Block rules by application, user, IP range and API; expired ones are marked",
    scope: admin,
    handle: (ctx) => listDenyPolicies(ctx),
  },
  {
    method: "POST",
    path: "/deny-policies",
    tag,
    summary:
      "Block every call matching all the conditions given (at least one of applicationId, username, ipRange, apiId), optionally until expiresAt",
    scope: admin,
    body: createDenyPolicyInput,
    status: 201,
    handle: (ctx, r) => createDenyPolicy(ctx, r.body),
  },
  {
    method: "GET",
    path: "/deny-policies/{id}",
    tag,
    summary: "One block rule",
    scope: admin,
    handle: (ctx, r) => getDenyPolicy(ctx, p(r.params, "id")),
  },
  {
    method: "PUT",
    path: "/deny-policies/{id}",
    tag,
    summary: "Change a block rule's conditions, reason or expiry (null clears a field)",
    scope: admin,
    body: updateDenyPolicyInput,
    update: "partial",
    handle: (ctx, r) => updateDenyPolicy(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "DELETE",
    path: "/deny-policies/{id}",
    tag,
    summary: "Remove a block rule",
    scope: admin,
    status: 204,
    handle: (ctx, r) => deleteDenyPolicy(ctx, p(r.params, "id")),
  },
];
