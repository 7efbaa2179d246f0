import type { Caller } from "../auth/caller";
import type { AttachedPolicy, RouteApi, RouteResource } from "../config/snapshot";
import { forbidden } from "../errors";

export interface PolicyRequest {
  api: RouteApi;
  resource: RouteResource;
  method: string;
  path: string;
  caller?: Caller;
  now: Date;
  clientIp: string;
}

/**
 * XACML policies attached to the API, then to the resource: each must Permit. Deny and
 * Indeterminate refuse; NotApplicable does what the attachment says. Obligations are not
 * understood by the gateway, so a Permit that carries any is refused (XACML 3.0 section 7.18).
 */
export function checkPolicies(request: PolicyRequest): void {
  const attached: AttachedPolicy[] = [...request.api.policies, ...request.resource.policies];
  if (attached.length === 0) return;
  const { caller } = request;
  const input = {
    subject: {
      id: caller?.username ?? caller?.subject ?? "anonymous",
      role: caller?.roles ?? [],
      "client-id": caller?.clientId ?? "",
      "application-id": caller?.applicationId ?? "",
      scope: caller ? [...caller.scopes] : [],
      "key-type": caller?.keyType ?? "",
      "ip-address": request.clientIp,
    },
    resource: {
      id: `${request.api.context}/${request.api.version}${request.resource.template.template}`,
      "api-name": request.api.name,
      "api-version": request.api.version,
      "api-context": request.api.context,
      path: request.path,
      "path-template": request.resource.template.template,
    },
    action: { id: request.method },
    environment: { "current-dateTime": request.now },
  };
  for (const policy of attached) {
    const result = policy.pdp.decide(input);
    const permitted =
      (result.decision === "Permit" && result.obligations.length === 0) ||
      (result.decision === "NotApplicable" && policy.onNotApplicable === "permit");
    if (!permitted) throw forbidden("policy_denied", "access is denied by the access policy of this API");
  }
}
