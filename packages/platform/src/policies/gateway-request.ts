import type { AttributeInput, PlainValue } from "@portico/policy";
import { normalizePathTemplate as normalizeTemplate } from "@portico/policy/path-template";

/**
 * What the gateway knows about a call when it asks the decision point. The attribute names below
 * are exactly those of `packages/gateway/src/authz/check-policy.ts`: keep the two in step, or
 * "try it" stops predicting the gateway.
 */
export interface GatewayCall {
  subjectId: string;
  roles: readonly string[];
  clientId: string;
  applicationId: string;
  scopes: readonly string[];
  keyType: string;
  ipAddress: string;
  api?: { name: string; version: string; context: string };
  /** the resource's path template, relative to the API (e.g. "/menu/{id}") */
  pathTemplate?: string;
  /** the called path below the API's context and version (e.g. "/menu/42") */
  path: string;
  method: string;
  now: Date;
}

export type MutableAttributes = Record<string, PlainValue | PlainValue[]>;

export interface GatewayAttributes {
  subject: MutableAttributes;
  resource: MutableAttributes;
  action: MutableAttributes;
  environment: MutableAttributes;
  categories: Record<string, MutableAttributes>;
}

/** The gateway's context without a trailing slash ("/" stays "/"), as its route table holds it. */
export function gatewayContext(context: string): string {
  return context.replace(/\/+$/, "") || "/";
}

/** Builds the decision request the gateway would build for this call. */
export function buildGatewayRequest(call: GatewayCall): GatewayAttributes {
  const template = call.pathTemplate !== undefined ? normalizeTemplate(call.pathTemplate) : undefined;
  const resource: MutableAttributes = call.api
    ? {
        id: `${gatewayContext(call.api.context)}/${call.api.version}${template ?? call.path}`,
        "api-name": call.api.name,
        "api-version": call.api.version,
        "api-context": gatewayContext(call.api.context),
        path: call.path,
        ...(template !== undefined ? { "path-template": template } : {}),
      }
    : { id: call.path, path: call.path };
  return {
    subject: {
      id: call.subjectId,
      role: [...call.roles],
      "client-id": call.clientId,
      "application-id": call.applicationId,
      scope: [...call.scopes],
      "key-type": call.keyType,
      "ip-address": call.ipAddress,
    },
    resource,
    action: { id: call.method },
    environment: { "current-dateTime": call.now },
    categories: {},
  };
}

const CATEGORY_KEYS: Record<string, "subject" | "resource" | "action" | "environment"> = {
  subject: "subject",
  "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject": "subject",
  resource: "resource",
  "urn:oasis:names:tc:xacml:3.0:attribute-category:resource": "resource",
  action: "action",
  "urn:oasis:names:tc:xacml:3.0:attribute-category:action": "action",
  environment: "environment",
  "urn:oasis:names:tc:xacml:3.0:attribute-category:environment": "environment",
};

/** Adds an attribute the gateway does not send (claims, custom categories); values join a bag. */
export function addAttribute(
  request: GatewayAttributes,
  category: string,
  attributeId: string,
  values: readonly string[],
): void {
  const key = CATEGORY_KEYS[category];
  let target: MutableAttributes;
  if (key) target = request[key];
  else {
    target = request.categories[category] ?? {};
    request.categories[category] = target;
  }
  const existing = target[attributeId];
  const bag = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  target[attributeId] = [...bag, ...values];
}

export function toAttributeInput(request: GatewayAttributes): AttributeInput {
  return {
    subject: request.subject,
    resource: request.resource,
    action: request.action,
    environment: request.environment,
    ...(Object.keys(request.categories).length > 0 ? { categories: request.categories } : {}),
  };
}
