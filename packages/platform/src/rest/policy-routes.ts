import { RestScope } from "../auth/principal";
import { attachPolicy, attachPolicyInput } from "../policies/attach-policy";
import { createPolicy, createPolicyInput } from "../policies/create-policy";
import { createPolicyVersion, createPolicyVersionInput } from "../policies/create-policy-version";
import { deletePolicy } from "../policies/delete-policy";
import { detachPolicy } from "../policies/detach-policy";
import { evaluatePolicy, evaluatePolicyInput } from "../policies/evaluate-policy";
import { getPolicy } from "../policies/get-policy";
import { getPolicyVersion } from "../policies/get-policy-version";
import { listPolicies } from "../policies/list-policies";
import { listPolicyAttachments } from "../policies/list-policy-attachments";
import { listPolicyVersions } from "../policies/list-policy-versions";
import { updatePolicy, updatePolicyInput } from "../policies/update-policy";
import { updateAttachmentInput, updatePolicyAttachment } from "../policies/update-policy-attachment";
import type { Route } from "./router";

const p = (params: Record<string, string>, name: string) => params[name] ?? "";
const admin = RestScope.admin;
const tag = "XACML policies";

/** Policy administration, under the admin REST API (http://localhost:3000/api/admin/v1). */
export const policyRoutes: Route[] = [
  {
    method: "GET",
    path: "/policies",
    tag,
    summary: "XACML policies, with how many APIs and resources each is attached to",
    scope: admin,
    handle: (ctx) => listPolicies(ctx),
  },
  {
    method: "POST",
    path: "/policies",
    tag,
    summary: "Upload a policy (XACML 3.0 XML); refused with the element and line when it does not load",
    scope: admin,
    body: createPolicyInput,
    status: 201,
    handle: (ctx, r) => createPolicy(ctx, r.body),
  },
  {
    method: "GET",
    path: "/policies/{id}",
    tag,
    summary: "A policy with its current document, versions and attachments",
    scope: admin,
    handle: (ctx, r) => getPolicy(ctx, p(r.params, "id")),
  },
  {
    method: "PUT",
    path: "/policies/{id}",
    tag,
    summary: "Rename, describe, enable or disable a policy, or make a stored version current",
    scope: admin,
    body: updatePolicyInput,
    update: "partial",
    handle: (ctx, r) => updatePolicy(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "DELETE",
    path: "/policies/{id}",
    tag,
    summary: "Delete a policy and its versions (409 while it is attached)",
    scope: admin,
    status: 204,
    handle: (ctx, r) => deletePolicy(ctx, p(r.params, "id")),
  },
  {
    method: "GET",
    path: "/policies/{id}/versions",
    tag,
    summary: "A policy's stored versions, newest first",
    scope: admin,
    handle: (ctx, r) => listPolicyVersions(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/policies/{id}/versions",
    tag,
    summary: "Edit a policy: the document becomes a new, current version",
    scope: admin,
    body: createPolicyVersionInput,
    status: 201,
    handle: (ctx, r) => createPolicyVersion(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "GET",
    path: "/policies/{id}/versions/{version}",
    tag,
    summary: "One stored version with its document",
    scope: admin,
    handle: (ctx, r) => getPolicyVersion(ctx, p(r.params, "id"), Number(p(r.params, "version"))),
  },
  {
    method: "GET",
    path: "/policies/{id}/attachments",
    tag,
    summary: "The APIs and resources a policy is enforced on",
    scope: admin,
    handle: (ctx, r) => listPolicyAttachments(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/policies/{id}/attachments",
    tag,
    summary: "Attach a policy to an API or to one of its resources",
    scope: admin,
    body: attachPolicyInput,
    status: 201,
    handle: (ctx, r) => attachPolicy(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "PUT",
    path: "/policies/{id}/attachments/{attachmentId}",
    tag,
    summary: "Change what the gateway does when the policy is NotApplicable",
    scope: admin,
    body: updateAttachmentInput,
    update: "replace",
    handle: (ctx, r) => updatePolicyAttachment(ctx, p(r.params, "id"), p(r.params, "attachmentId"), r.body),
  },
  {
    method: "DELETE",
    path: "/policies/{id}/attachments/{attachmentId}",
    tag,
    summary: "Detach a policy from an API or resource",
    scope: admin,
    status: 204,
    handle: (ctx, r) => detachPolicy(ctx, p(r.params, "id"), p(r.params, "attachmentId")),
  },
  {
    method: "POST",
    path: "/policies/{id}/evaluate",
    tag,
    summary: "Try a policy: decide a request built as the gateway builds it",
    scope: admin,
    body: evaluatePolicyInput,
    handle: (ctx, r) => evaluatePolicy(ctx, p(r.params, "id"), r.body),
  },
];
