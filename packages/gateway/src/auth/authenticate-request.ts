// The credentials step of the hot path: which credentials the API accepts (its security-schemes
// setting), then the one(s) the request presents. OAuth 2.0 access tokens come as
// `Authorization: Bearer` or, bound to a key, `Authorization: DPoP` with a proof (RFC 9449);
// API keys in the header the publisher named, or the query parameter when allowed.
import type { IncomingMessage } from "node:http";
import type { RouteApi, RouteResource } from "../config/snapshot";
import { GatewayError, unauthorized } from "../errors";
import type { GatewayRuntime } from "../gateway-runtime";
import type { RequestTarget } from "../http/check-request-path";
import { invalidApiKey } from "./api-key-store";
import type { Caller } from "./caller";
import {
  checkCertificateBinding,
  checkRegisteredCertificate,
  requireClientCertificate,
} from "./check-client-certificate";
import { boundKeyOf, checkDpopProof } from "./check-dpop-proof";
import { dpopUnauthorized, missingCredential } from "./dpop-challenge";

const AUTHORIZATION = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i;

export interface CredentialInput {
  runtime: GatewayRuntime;
  req: IncomingMessage;
  api: RouteApi;
  resource: RouteResource;
  /** the API key is taken out of the query the backend gets (hence mutable) */
  target: RequestTarget;
  method: string;
  transport: "http" | "https";
  now: number;
}

function acceptsApiKey(api: RouteApi, resource: RouteResource): boolean {
  const { apiKey } = api.security;
  if (!apiKey.enabled) return false;
  return (
    apiKey.resources.length === 0 ||
    apiKey.resources.includes(`${resource.method} ${resource.template.template}`)
  );
}

/** The API key the request carries (header first), removed so that it never reaches the backend. */
function takeApiKey(input: CredentialInput): string | undefined {
  const { apiKey } = input.api.security;
  const header = apiKey.header.toLowerCase();
  const value = input.req.headers[header];
  delete input.req.headers[header];
  if (typeof value === "string" && value) return value;
  if (apiKey.queryParameter && input.target.query) {
    const params = new URLSearchParams(input.target.query.slice(1));
    const key = params.get(apiKey.queryParameter);
    if (key) {
      params.delete(apiKey.queryParameter);
      const rest = params.toString();
      input.target.query = rest ? `?${rest}` : "";
      return key;
    }
  }
  return undefined;
}

function publicUrl(input: CredentialInput): string {
  const base =
    input.transport === "https"
      ? input.runtime.publicOrigin
      : `http://${input.req.headers.host ?? "localhost"}`;
  return `${base}${input.target.path}`;
}

function authenticateToken(input: CredentialInput, authorization: string): Caller | Promise<Caller> {
  const { runtime, api } = input;
  const match = AUTHORIZATION.exec(authorization);
  if (!match?.[2])
    throw unauthorized(
      "invalid_token",
      "the Authorization header must be 'Bearer <token>' or 'DPoP <token>'",
    );
  const dpop = match[1]?.toLowerCase() === "dpop";
  if (!dpop) {
    if (api.security.oauth2.dpop === "required")
      throw dpopUnauthorized(
        "invalid_token",
        "invalid_token",
        "this API accepts only DPoP-bound access tokens",
      );
    const authenticated = runtime.authenticator.authenticate(authorization, api);
    const refuseBound = (caller: Caller): Caller => {
      checkCertificateBinding(caller, input.req);
      if (boundKeyOf(caller))
        throw dpopUnauthorized(
          "invalid_token",
          "invalid_token",
          "the access token is DPoP-bound: send it as 'DPoP <token>' with a proof",
        );
      return caller;
    };
    return authenticated instanceof Promise ? authenticated.then(refuseBound) : refuseBound(authenticated);
  }
  const token = match[2];
  return (async () => {
    const authenticated = runtime.authenticator.authenticate(`Bearer ${token}`, api);
    const caller = checkCertificateBinding(
      authenticated instanceof Promise ? await authenticated : authenticated,
      input.req,
    );
    await checkDpopProof({
      req: input.req,
      caller,
      token,
      method: input.method,
      url: publicUrl(input),
      now: input.now,
      counters: runtime.counters,
    });
    return caller;
  })();
}

function authenticateApiKey(input: CredentialInput, key: string): Promise<Caller> {
  return input.runtime.apiKeys.authenticate(key, {
    now: input.now,
    clientIp: input.runtime.clientAddress(input.req),
    referrer: input.req.headers.referer,
    header: input.api.security.apiKey.header,
  });
}

/**
 * The caller behind the request's credentials, as the API's security schemes allow. Answers
 * synchronously for a cached bearer token (the common case), with a promise otherwise.
 */
export function authenticateRequest(input: CredentialInput): Caller | Promise<Caller> {
  const caller = authenticateCredentials(input);
  if (!input.api.security.mutualTls.enabled) return caller;
  const check = (c: Caller) =>
    checkRegisteredCertificate(
      c,
      input.req,
      c.applicationId ? input.runtime.snapshot.applications.get(c.applicationId)?.certificates : undefined,
    );
  return caller instanceof Promise ? caller.then(check) : check(caller);
}

function authenticateCredentials(input: CredentialInput): Caller | Promise<Caller> {
  const { api, req, resource } = input;
  const security = api.security;
  const keyAccepted = acceptsApiKey(api, resource);
  const authorization = req.headers.authorization;
  delete req.headers.dpop; // a proof is for the gateway, never the backend
  if (security.mutualTls.enabled) requireClientCertificate(req);
  const apiKey = keyAccepted ? takeApiKey(input) : undefined;

  if (!keyAccepted && !authorization && req.headers[security.apiKey.header.toLowerCase()])
    throw invalidApiKey(`${api.name} ${api.version} does not accept API keys here`, security.apiKey.header);
  if (authorization && !security.oauth2.enabled)
    throw new GatewayError(
      401,
      "invalid_token",
      `${api.name} ${api.version} does not accept OAuth 2.0 tokens`,
      {
        "www-authenticate": `APIKey realm="portico", header="${security.apiKey.header}"`,
      },
    );

  const all = security.require === "all";
  const needToken = security.oauth2.enabled && (all || !apiKey);
  const needKey = keyAccepted && (all || !authorization);
  if ((needToken && !authorization) || (needKey && !apiKey)) {
    const wanted = [
      needToken ? "an access token in the Authorization header" : "",
      needKey ? `an API key in the ${security.apiKey.header} header` : "",
    ]
      .filter(Boolean)
      .join(" and ");
    throw missingCredential(`this resource needs ${wanted}`, {
      bearer: needToken && security.oauth2.dpop !== "required",
      dpop: needToken,
    });
  }
  if (!needKey || !apiKey) return authenticateToken(input, authorization as string);
  if (!needToken || !authorization) return authenticateApiKey(input, apiKey);
  // both required: they must speak for the same application
  return Promise.all([authenticateToken(input, authorization), authenticateApiKey(input, apiKey)]).then(
    ([caller, keyCaller]) => {
      if (caller.applicationId !== keyCaller.applicationId || caller.keyType !== keyCaller.keyType)
        throw invalidApiKey(
          "the API key belongs to another application than the access token",
          security.apiKey.header,
        );
      return caller;
    },
  );
}
