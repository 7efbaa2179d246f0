// Client authentication at the token, introspection and revocation endpoints (RFC 6749 2.3):
// client_secret_basic, client_secret_post, private_key_jwt (RFC 7523 2.2), tls_client_auth and
// self_signed_tls_client_auth (RFC 8705 2), and none.
import { createHmac } from "node:crypto";
import { verifySecret } from "@portico/crypto";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import { InvalidClient, InvalidRequest } from "../errors";
import type { Params } from "../http/exchange";
import { endpointUrls, type KeyManager } from "../key-manager";
import { checkClientCertificate } from "./check-client-certificate";
import type { PresentedCertificate } from "./client-certificate";
import { type ClientRecord, findClientCached } from "./find-client";

export type ClientAuthMethod =
  | "client_secret_basic"
  | "client_secret_post"
  | "private_key_jwt"
  | "tls_client_auth"
  | "self_signed_tls_client_auth"
  | "none";

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
export const CLIENT_AUTH_METHODS: ClientAuthMethod[] = [
  "client_secret_basic",
  "client_secret_post",
  "private_key_jwt",
  "tls_client_auth",
  "self_signed_tls_client_auth",
  "none",
];
const CERTIFICATE_METHODS: ClientAuthMethod[] = ["tls_client_auth", "self_signed_tls_client_auth"];
export const CLIENT_ASSERTION_ALGS = ["RS256", "PS256", "ES256", "ES384", "EdDSA"];

interface Presented {
  method: ClientAuthMethod;
  clientId: string;
  secret?: string;
  assertion?: string;
}

/** Which method the request uses; more than one is invalid_request (RFC 6749 2.3). */
function presentedCredentials(authorization: string | undefined, params: Params): Presented {
  const basic = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  const used = [basic, params.has("client_secret"), params.has("client_assertion")].filter(Boolean).length;
  if (used > 1) throw new InvalidRequest("use exactly one client authentication method");
  if (authorization && !basic && /^Basic/i.test(authorization)) {
    throw new InvalidClient("malformed Basic credentials", { basic: true });
  }
  if (basic) {
    const decoded = Buffer.from(basic[1] as string, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 1) throw new InvalidClient("malformed Basic credentials", { basic: true });
    try {
      // RFC 6749 2.3.1: both parts are form-urlencoded before base64
      const clientId = decodeURIComponent(decoded.slice(0, colon).replaceAll("+", " "));
      const secret = decodeURIComponent(decoded.slice(colon + 1).replaceAll("+", " "));
      if (params.has("client_id") && params.get("client_id") !== clientId) {
        throw new InvalidRequest("client_id does not match the Basic credentials");
      }
      return { method: "client_secret_basic", clientId, secret };
    } catch (error) {
      if (error instanceof InvalidRequest) throw error;
      throw new InvalidClient("malformed Basic credentials", { basic: true });
    }
  }
  if (params.has("client_assertion")) {
    if (params.get("client_assertion_type") !== CLIENT_ASSERTION_TYPE) {
      throw new InvalidRequest(`client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
    }
    const assertion = params.get("client_assertion") as string;
    let sub: unknown;
    try {
      sub = decodeJwt(assertion).sub;
    } catch {
      throw new InvalidClient("the client assertion is not a JWT");
    }
    const clientId = params.get("client_id") ?? (typeof sub === "string" ? sub : undefined);
    if (!clientId) throw new InvalidClient("the client assertion has no sub");
    return { method: "private_key_jwt", clientId, assertion };
  }
  const clientId = params.get("client_id");
  if (!clientId) throw new InvalidClient("client authentication is required");
  if (params.has("client_secret"))
    return { method: "client_secret_post", clientId, secret: params.get("client_secret") as string };
  return { method: "none", clientId };
}

async function verifyClientSecret(km: KeyManager, client: ClientRecord, secret: string): Promise<boolean> {
  const now = km.now().getTime();
  const digest = createHmac("sha256", km.processKey).update(secret).digest("base64url");
  for (const stored of client.secrets) {
    if (stored.expiresAt && stored.expiresAt.getTime() <= now) continue;
    const cacheKey = `${stored.id}:${stored.secretHash.slice(-16)}:${digest}`;
    const cachedUntil = km.verifiedSecrets.get(cacheKey);
    if (cachedUntil && cachedUntil > now) return true;
    if (await verifySecret(secret, stored.secretHash)) {
      if (km.verifiedSecrets.size > 10_000) km.verifiedSecrets.clear();
      km.verifiedSecrets.set(cacheKey, now + 5 * 60_000);
      return true;
    }
  }
  return false;
}

const remoteJwks = new Map<string, JWTVerifyGetKey>();

function clientKeys(client: ClientRecord): JWTVerifyGetKey | undefined {
  if (client.jwks && typeof client.jwks === "object")
    return createLocalJWKSet(client.jwks as unknown as JSONWebKeySet);
  if (client.jwksUri) {
    let keys = remoteJwks.get(client.jwksUri);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(client.jwksUri));
      remoteJwks.set(client.jwksUri, keys);
    }
    return keys;
  }
  return undefined;
}

/** RFC 7523 2.2 and 3: signature, iss = sub = client_id, aud, exp, jti used once. */
async function verifyClientAssertion(km: KeyManager, client: ClientRecord, assertion: string): Promise<void> {
  const keys = clientKeys(client);
  if (!keys) throw new InvalidClient("the client has no registered keys");
  const urls = endpointUrls(km.issuer);
  let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
  try {
    ({ payload } = await jwtVerify(assertion, keys, {
      issuer: client.clientId,
      subject: client.clientId,
      audience: [urls.token, km.issuer, urls.introspection, urls.revocation],
      algorithms: CLIENT_ASSERTION_ALGS,
      requiredClaims: ["exp", "jti"],
      clockTolerance: km.config.assertionClockSkewSeconds,
      currentDate: km.now(),
    }));
  } catch {
    throw new InvalidClient("the client assertion is invalid");
  }
  const now = Math.floor(km.now().getTime() / 1000);
  const exp = payload.exp as number;
  if (exp - now > km.config.assertionMaxLifetimeSeconds)
    throw new InvalidClient("the client assertion lives too long");
  try {
    await km.db.replayGuard.create({
      data: {
        key: `client-assertion:${client.clientId}:${payload.jti}`,
        kind: "client-assertion",
        expiresAt: new Date((exp + km.config.assertionClockSkewSeconds) * 1000),
      },
    });
  } catch {
    throw new InvalidClient("the client assertion was already used");
  }
}

export interface AuthenticationOptions {
  /** whether a public client (method none) is enough here */
  allowPublic: boolean;
  /** RFC 8705: the certificate of the connection the request came over */
  certificate?: PresentedCertificate | undefined;
}

/**
 * Authenticates the calling client. Unknown clients, wrong secrets, revoked clients, blocked
 * applications, applications of a disabled owner and a method other than the registered one are
 * all invalid_client.
 */
export async function authenticateClient(
  km: KeyManager,
  authorization: string | undefined,
  params: Params,
  options: AuthenticationOptions,
): Promise<{ client: ClientRecord; method: ClientAuthMethod }> {
  const presented = presentedCredentials(authorization, params);
  try {
    const client = await checkClient(km, presented, await findClientCached(km, presented.clientId), options);
    return { client, method: methodOf(client, presented) };
  } catch (error) {
    if (!(error instanceof InvalidClient) || km.config.settingsCacheMs <= 0) throw error;
    // The cached row may predate a new secret or client: decide once more on a fresh read.
    km.cache.clients.delete(presented.clientId);
    const client = await checkClient(km, presented, await findClientCached(km, presented.clientId), options);
    return { client, method: methodOf(client, presented) };
  }
}

/** A certificate client presents only its client_id; the method it used is the registered one. */
function methodOf(client: ClientRecord, presented: Presented): ClientAuthMethod {
  const registered = client.tokenEndpointAuthMethod as ClientAuthMethod;
  return presented.method === "none" && CERTIFICATE_METHODS.includes(registered)
    ? registered
    : presented.method;
}

async function checkClient(
  km: KeyManager,
  presented: Presented,
  client: ClientRecord | null,
  options: AuthenticationOptions,
): Promise<ClientRecord> {
  const basic = presented.method === "client_secret_basic";
  if (!client || client.revokedAt || client.keyManagerId !== km.keyManagerId) {
    throw new InvalidClient("unknown client", { basic });
  }
  if (client.application && client.application.status !== "ACTIVE") {
    throw new InvalidClient("the client's application is blocked", { basic });
  }
  // a disabled user's applications act for nobody (their tokens were revoked with the user's)
  if (client.application?.owner.disabled) {
    throw new InvalidClient("the client's application belongs to a disabled user", { basic });
  }
  const registered = client.tokenEndpointAuthMethod as ClientAuthMethod;
  const secretMethods = ["client_secret_basic", "client_secret_post"];
  // Basic and post carry the same secret; both are accepted for a secret client.
  // RFC 8705 2: a certificate client sends only its client_id; the connection carries the proof
  const method = methodOf(client, presented);
  const compatible =
    registered === method || (secretMethods.includes(registered) && secretMethods.includes(method));
  if (!compatible) throw new InvalidClient(`the client must authenticate with ${registered}`, { basic });
  switch (method) {
    case "client_secret_basic":
    case "client_secret_post":
      if (!(await verifyClientSecret(km, client, presented.secret as string))) {
        throw new InvalidClient("wrong client secret", { basic });
      }
      break;
    case "private_key_jwt":
      await verifyClientAssertion(km, client, presented.assertion as string);
      break;
    case "tls_client_auth":
    case "self_signed_tls_client_auth":
      checkClientCertificate(km, client, method, options.certificate);
      break;
    case "none":
      if (!options.allowPublic) throw new InvalidClient("this endpoint needs an authenticated client");
      break;
  }
  return client;
}
