import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { PolicyLimit } from "@portico/api-policies";
import { requestIdOf } from "@portico/settings";
import { authenticateRequest } from "./auth/authenticate-request";
import type { Caller } from "./auth/caller";
import { checkPolicies } from "./authz/check-policy";
import { checkScopes } from "./authz/check-scopes";
import { checkSubscription } from "./authz/check-subscription";
import {
  type ApplicationEntry,
  matchApi,
  matchResources,
  type RouteApi,
  type RouteResource,
  type SubscriptionEntry,
} from "./config/snapshot";
import { corsResponseHeaders, preflightHeaders } from "./cors/apply-cors";
import { forbidden, GatewayError, sendError } from "./errors";
import type { GatewayRuntime } from "./gateway-runtime";
import { checkRequestPath } from "./http/check-request-path";
import { checkDenyPolicies } from "./policies/check-deny-policies";
import { readRequestBody } from "./policies/read-request-body";
import { runRequestSteps } from "./policies/run-request-steps";
import { policyCall } from "./proxy/policy-call";
import { forwardWithResponseSteps } from "./proxy/response-steps";
import {
  applyThrottling,
  type ThrottleOutcome,
  type ThrottleTarget,
  UNTHROTTLED,
} from "./throttling/apply-throttling";

export type Transport = "http" | "https";

const NO_LIMITS: readonly PolicyLimit[] = [];
// x-request-id: the caller gets the gateway's (the one the backend was given), never a second one
const RESPONSE_DROPPED = new Set(["server", "x-powered-by", "strict-transport-security", "x-request-id"]);

function selectResource(api: RouteApi, rest: string, method: string): RouteResource {
  const candidates = matchResources(api, rest);
  if (candidates.length === 0)
    throw new GatewayError(
      404,
      "resource_not_found",
      `no resource of ${api.name} ${api.version} matches this path`,
    );
  const exact =
    candidates.find((r) => r.method === method) ??
    (method === "HEAD" ? candidates.find((r) => r.method === "GET") : undefined);
  if (exact) return exact;
  const allowed = [...new Set(candidates.map((r) => r.method))].join(", ");
  throw new GatewayError(405, "method_not_allowed", `the resource does not accept ${method}`, {
    allow: allowed,
  });
}

/** The gateway hot path, in its fixed order (see the design's "gateway hot path"). */
export async function handleRequest(
  runtime: GatewayRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  transport: Transport,
): Promise<void> {
  const started = performance.now();
  const now = runtime.clock();
  const requestId = requestIdOf(req.headers["x-request-id"]);
  const common = { ...runtime.commonHeaders(transport), "x-request-id": requestId };
  const span = runtime.tracing?.start(req, requestId);
  let api: RouteApi | undefined;
  let caller: Caller | undefined;
  let status = 500;
  let extra: Readonly<Record<string, string>> = common;
  try {
    const target = checkRequestPath(req.url);
    if (target.path.startsWith("/_portico/") || target.path.startsWith("/.well-known/")) {
      status = await runtime.serveReserved(target.path, req, res, common);
      return;
    }
    const snapshot = runtime.snapshot;
    const matched = matchApi(snapshot, target.path);
    if (!matched) throw new GatewayError(404, "api_not_found", "no API is published at this path");
    api = matched.api;
    if (api.state === "BLOCKED")
      throw new GatewayError(503, "api_blocked", `${api.name} ${api.version} is blocked by its publisher`);
    if (api.state !== "PUBLISHED" && api.state !== "DEPRECATED")
      throw new GatewayError(404, "api_not_found", "no API is published at this path");

    const preflight = preflightHeaders(api.cors, req);
    if (preflight) {
      status = 204;
      res.writeHead(204, { ...common, ...preflight, "content-length": "0" });
      res.end();
      return;
    }
    const cors = corsResponseHeaders(api.cors, req);
    extra = cors.vary ? { ...common, ...cors } : common;
    if (!api.transports.has(transport))
      throw forbidden(
        "transport_not_allowed",
        `${api.name} ${api.version} is only served over ${[...api.transports].join(", ").toUpperCase()}`,
      );

    const method = (req.method ?? "GET").toUpperCase();
    const resource = selectResource(api, matched.rest, method);

    let subscription: SubscriptionEntry | undefined;
    let application: ApplicationEntry | undefined;
    if (resource.authRequired) {
      const authenticated = authenticateRequest({
        runtime,
        req,
        api,
        resource,
        target,
        method,
        transport,
        now,
      });
      caller = authenticated instanceof Promise ? await authenticated : authenticated;
      ({ subscription, application } = checkSubscription(snapshot, api, caller));
      checkScopes(resource, caller);
    }
    // the caller's address (X-Forwarded-For walked through the trusted proxies) is read once,
    // and only when a deny rule, an XACML policy or an attached policy needs it
    let clientIp: string | undefined;
    const clientAddress = () => {
      clientIp ??= runtime.clientAddress(req);
      return clientIp;
    };
    checkDenyPolicies(snapshot.denyPolicies, api, caller, clientAddress, now);
    if (api.policies.length > 0 || resource.policies.length > 0) {
      checkPolicies({
        api,
        resource,
        method,
        path: matched.rest || "/",
        ...(caller ? { caller } : {}),
        now: new Date(now),
        clientIp: clientAddress(),
      });
    }

    // Attached policies edit the request and may refuse it or add limits, before anything is counted.
    const headers = runtime.requestHeaders(req, api, transport);
    let query = target.query;
    let body: Buffer | undefined;
    const pipeline = resource.requestSteps;
    let policyLimits: readonly PolicyLimit[] = NO_LIMITS;
    let responseTimeoutMs: number | undefined;
    let connectTimeoutMs: number | undefined;
    if (pipeline !== undefined) {
      if (pipeline.readsBody) body = await readRequestBody(req, runtime.proxy.limits.maxBodyBytes);
      ({
        query,
        limits: policyLimits,
        responseTimeoutMs,
        connectTimeoutMs,
      } = runRequestSteps(pipeline.steps, {
        method,
        path: matched.rest || "/",
        query,
        headers,
        claims: caller?.claims,
        clientIp: clientAddress(),
        body,
      }));
    }

    const targets: ThrottleTarget[] = [];
    if (subscription)
      targets.push({
        key: subscription.throttleKey,
        ...(subscription.tier ? { tier: subscription.tier } : {}),
        label: "subscription",
      });
    if (application)
      targets.push({
        key: application.throttleKey,
        ...(application.tier ? { tier: application.tier } : {}),
        label: "application",
      });
    if (api.tier) targets.push({ key: api.throttleKey, tier: api.tier, label: "API" });
    if (resource.tier) targets.push({ key: resource.throttleKey, tier: resource.tier, label: "resource" });
    for (const limit of policyLimits) targets.push({ key: limit.key, tier: limit.tier, label: "API policy" });
    let throttle: ThrottleOutcome;
    try {
      const counted = applyThrottling(runtime.counters, targets, now);
      throttle = counted instanceof Promise ? await counted : counted;
    } catch (error) {
      // The counter store (Redis, the cluster primary) is unreachable: throttling protects
      // availability, so the call goes through rather than failing with it.
      if (error instanceof GatewayError) throw error;
      runtime.counterStoreFailed(error);
      throttle = UNTHROTTLED;
    }

    const endpoints = caller?.keyType === "SANDBOX" ? api.sandboxEndpoints : api.productionEndpoints;
    if (endpoints.length === 0)
      throw new GatewayError(
        503,
        "no_backend",
        `${api.name} ${api.version} has no ${caller?.keyType === "SANDBOX" ? "sandbox" : "production"} endpoint`,
      );

    headers["x-request-id"] = requestId;
    if (span) runtime.tracing?.inject(span, headers);
    if (api.backendJwt.enabled) {
      const jwt = runtime.backendJwt(api, caller, application, subscription, now);
      headers[api.backendJwt.header] = typeof jwt === "string" ? jwt : await jwt;
    }
    const forward = {
      req,
      res,
      endpoints,
      loadBalance: api.loadBalance,
      path: (matched.rest || "") + query,
      headers,
      responseHeaders: extra,
      rateLimitHeaders: throttle.headers,
      dropResponse: RESPONSE_DROPPED,
      ...(body !== undefined ? { body } : {}),
      ...(responseTimeoutMs !== undefined ? { responseTimeoutMs } : {}),
      ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}),
    };
    const responseSteps = pipeline?.response;
    const result =
      responseSteps === undefined
        ? await runtime.proxy.forward(forward)
        : await forwardWithResponseSteps(
            runtime.proxy,
            responseSteps,
            policyCall(runtime, {
              req,
              api,
              caller,
              method,
              path: matched.rest || "/",
              query,
              headers,
              now,
              requestId,
            }),
            forward,
          );
    status = result.status;
  } catch (error) {
    const sent = sendError(res, error, extra);
    status = sent.status;
    if (sent.status >= 500 && sent.code === "server_error")
      runtime.log("error", `request failed: ${sent.description}`, error, { requestId });
  } finally {
    const seconds = (performance.now() - started) / 1000;
    runtime.record(api, caller, status, seconds, now);
    if (span) runtime.tracing?.end(span, req, status, api?.label);
  }
}
