import type { DecisionResult } from "@portico/policy";
import { matchResource } from "@portico/policy/path-template";
import { z } from "zod";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { compilePolicy } from "./compile-policy";
import { addAttribute, buildGatewayRequest, toAttributeInput } from "./gateway-request";
import { findPolicy } from "./policy-view";

const text = (max: number) => z.string().trim().max(max);

export const evaluatePolicyInput = z
  .object({
    /** a stored version; the current one when omitted */
    version: z.number().int().min(1).optional(),
    /** the caller's user name (the gateway sends the user name, or the token subject) */
    subjectId: text(200).optional(),
    roles: z.array(text(100).min(1)).max(50).default([]),
    scopes: z.array(text(200).min(1)).max(100).default([]),
    clientId: text(200).optional(),
    applicationId: text(200).optional(),
    keyType: z.enum(["PRODUCTION", "SANDBOX"]).optional(),
    ipAddress: text(100).optional(),
    apiId: z.string().min(1).optional(),
    /** one resource of the API; else the resource is found from method and path */
    resourceId: z.string().min(1).optional(),
    /** the path below the API's context and version, e.g. /menu/42 */
    path: text(2000).optional(),
    method: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{1,16}$/, "an HTTP method")
      .transform((m) => m.toUpperCase())
      .optional(),
    /** the request time (ISO 8601); now when omitted */
    time: z.iso.datetime({ offset: true }).optional(),
    /** attributes the gateway does not send: a category (subject, resource, action, environment or a URN) */
    attributes: z
      .array(
        z
          .object({
            category: text(300).min(1),
            attributeId: text(300).min(1),
            value: z.union([z.string().max(10_000), z.array(z.string().max(10_000)).max(100)]),
          })
          .strict(),
      )
      .max(50)
      .default([]),
    /** what to do on NotApplicable; the attachment's setting for this API or resource when omitted */
    onNotApplicable: z.enum(["deny", "permit"]).optional(),
  })
  .strict();

/** What the gateway would do with this policy's decision if it were the only one attached. */
function predictGateway(result: DecisionResult, onNotApplicable: "deny" | "permit") {
  switch (result.decision) {
    case "Permit":
      return result.obligations.length === 0
        ? { allowed: true, reason: "Permit" }
        : {
            allowed: false,
            reason: "Permit with obligations: the gateway understands none, so it refuses (XACML 3.0 7.18)",
          };
    case "NotApplicable":
      return onNotApplicable === "permit"
        ? { allowed: true, reason: "NotApplicable, and the attachment permits on NotApplicable" }
        : { allowed: false, reason: "NotApplicable, and the attachment denies on NotApplicable" };
    case "Deny":
      return { allowed: false, reason: "Deny" };
    default:
      return { allowed: false, reason: "Indeterminate: the gateway fails closed" };
  }
}

async function findCallTarget(
  ctx: OperationContext,
  input: z.infer<typeof evaluatePolicyInput>,
  path: string,
) {
  let apiId = input.apiId;
  let resource: { id: string; apiId: string; method: string; pathTemplate: string } | undefined;
  if (input.resourceId) {
    const row = await ctx.db.resource.findUnique({ where: { id: input.resourceId } });
    if (!row || (apiId !== undefined && row.apiId !== apiId)) throw notFound("resource of the API");
    resource = row;
    apiId = row.apiId;
  }
  if (apiId === undefined) return { api: undefined, resource: undefined };
  const api = await ctx.db.api.findUnique({ where: { id: apiId }, include: { resources: true } });
  if (!api) throw notFound("API");
  if (!resource) {
    resource = matchResource(api.resources, input.method ?? "GET", path);
    if (!resource) {
      throw new AppError(
        "VALIDATION_FAILED",
        `no resource of ${api.name} ${api.version} matches ${input.method ?? "GET"} ${path}: the gateway would answer 404`,
        { fields: [{ field: "path", message: "no resource of the API matches this method and path" }] },
      );
    }
  } else if (input.method !== undefined && input.method !== resource.method.toUpperCase()) {
    throw new AppError("VALIDATION_FAILED", `the resource answers ${resource.method}, not ${input.method}`, {
      fields: [{ field: "method", message: `the resource answers ${resource.method}` }],
    });
  }
  return { api, resource };
}

/**
 * "Try it": decides a request built the way the gateway builds it, against the current or a
 * given version of a policy (enabled or not), and says which rule decided and what the gateway
 * would do.
 */
export async function evaluatePolicy(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const policy = await findPolicy(ctx.db, id);
  const input = parseInput(evaluatePolicyInput, body);
  const versionNumber = input.version ?? policy.currentVersion;
  const version = await ctx.db.xacmlPolicyVersion.findUnique({
    where: { policyId_version: { policyId: id, version: versionNumber } },
  });
  if (!version) throw notFound(`version ${versionNumber} of the policy`);

  const requestedPath = input.path ? (input.path.startsWith("/") ? input.path : `/${input.path}`) : undefined;
  const { api, resource } = await findCallTarget(ctx, input, requestedPath ?? "/");
  const path = requestedPath ?? resource?.pathTemplate ?? "/";
  const now = input.time ? new Date(input.time) : ctx.now();
  const request = buildGatewayRequest({
    subjectId: input.subjectId || "anonymous",
    roles: input.roles,
    clientId: input.clientId ?? "",
    applicationId: input.applicationId ?? "",
    scopes: input.scopes,
    keyType: input.keyType ?? "",
    ipAddress: input.ipAddress ?? "",
    ...(api ? { api } : {}),
    ...(resource ? { pathTemplate: resource.pathTemplate } : {}),
    path,
    method: input.method ?? resource?.method.toUpperCase() ?? "GET",
    now,
  });
  for (const a of input.attributes) {
    addAttribute(request, a.category, a.attributeId, typeof a.value === "string" ? [a.value] : a.value);
  }

  // current-time and current-date come from the decision point's clock: freeze it at `time`.
  const pdp = compilePolicy(version.content, "version", { clock: () => now });
  const result = pdp.decide(toAttributeInput(request));

  let onNotApplicable = input.onNotApplicable;
  if (!onNotApplicable && api) {
    const attachments = await ctx.db.xacmlPolicyAttachment.findMany({
      where: { policyId: id, apiId: api.id },
    });
    const attachment =
      attachments.find((a) => a.resourceId === resource?.id) ??
      attachments.find((a) => a.resourceId === null);
    onNotApplicable = attachment?.onNotApplicable === "permit" ? "permit" : "deny";
  }
  return {
    policy: { id: policy.id, name: policy.name, version: versionNumber },
    decision: result.decision,
    ...(result.extendedIndeterminate ? { extendedIndeterminate: result.extendedIndeterminate } : {}),
    status: result.status,
    ruleId: result.ruleId ?? null,
    policyId: result.policyId ?? null,
    obligations: result.obligations,
    advice: result.advice,
    gateway: predictGateway(result, onNotApplicable ?? "deny"),
    request: toAttributeInput(request),
  };
}
