// RFC 7591 2: the client metadata a registration (or an RFC 7592 update) asks for, checked
// against the registration policy and what the platform has switched on. Each check is named
// after what it checks; a refusal is invalid_redirect_uri or invalid_client_metadata (3.2.2).

import type { RegistrationPolicy } from "@portico/issuer-admin";
import type { JSONWebKeySet } from "jose";
import { InvalidClientMetadata, InvalidRedirectUri } from "../errors";
import type { KeyManager } from "../key-manager";

/** The registered client, as stored on OAuthClient and its `registrationMetadata`. */
export interface ClientMetadata {
  clientName: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: string[];
  tokenEndpointAuthMethod: string;
  jwks: JSONWebKeySet | null;
  /** descriptive fields returned as registered (client_uri, logo_uri, contacts, software_id, ...) */
  descriptive: Record<string, string | string[]>;
}

const MAX_URIS = 20;
const MAX_TEXT = 512;
const URI_FIELDS = ["client_uri", "logo_uri", "tos_uri", "policy_uri"] as const;
const TEXT_FIELDS = ["software_id", "software_version"] as const;
const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

function stringList(metadata: Record<string, unknown>, field: string, fallback: string[]): string[] {
  const value = metadata[field];
  if (value === undefined || value === null) return fallback;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v.length > 0 && v.length <= 2048))
    throw new InvalidClientMetadata(`${field} must be a list of non-empty strings`);
  if (value.length > MAX_URIS) throw new InvalidClientMetadata(`${field} lists more than ${MAX_URIS} values`);
  return [...new Set(value as string[])];
}

function hostAllowed(host: string, allowed: string[]): boolean {
  if (allowed.length === 0) return true;
  return allowed.some((entry) =>
    entry.startsWith("*.") ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry,
  );
}

/**
 * RFC 6749 3.1.2, RFC 9700 2.1 and RFC 8252 7.3: absolute, no fragment, no credentials, https
 * (http only on a loopback address), and on a host the policy allows.
 */
function checkRedirectUri(uri: string, field: string, policy: RegistrationPolicy): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new InvalidRedirectUri(`${field} has a value that is not an absolute URL`);
  }
  if (url.hash || uri.includes("#")) throw new InvalidRedirectUri(`${field} must not have a fragment`);
  if (url.username || url.password) throw new InvalidRedirectUri(`${field} must not carry credentials`);
  if (url.hostname.includes("*") || uri.includes("*"))
    throw new InvalidRedirectUri(`${field} must be exact: wildcards are not allowed`);
  const loopback = url.protocol === "http:" && LOOPBACK.has(url.hostname);
  if (url.protocol !== "https:" && !loopback)
    throw new InvalidRedirectUri(`${field} must use https (http only on a loopback address)`);
  if (!loopback && !hostAllowed(url.hostname, policy.redirectUriHosts))
    throw new InvalidRedirectUri(`${field} names a host the registration policy does not allow`);
}

function checkRedirectUris(
  metadata: Record<string, unknown>,
  grantTypes: string[],
  policy: RegistrationPolicy,
) {
  const redirectUris = stringList(metadata, "redirect_uris", []);
  for (const uri of redirectUris) checkRedirectUri(uri, "redirect_uris", policy);
  if (grantTypes.includes("authorization_code") && redirectUris.length === 0)
    throw new InvalidRedirectUri("redirect_uris is required for the authorization_code grant");
  const postLogoutRedirectUris = stringList(metadata, "post_logout_redirect_uris", []);
  for (const uri of postLogoutRedirectUris) checkRedirectUri(uri, "post_logout_redirect_uris", policy);
  return { redirectUris, postLogoutRedirectUris };
}

/** RFC 7591 2.1: grant_types and response_types agree, and every grant is allowed and switched on. */
async function checkGrantTypes(
  km: KeyManager,
  metadata: Record<string, unknown>,
  policy: RegistrationPolicy,
) {
  const grantTypes = stringList(metadata, "grant_types", ["authorization_code"]);
  if (grantTypes.length === 0) throw new InvalidClientMetadata("grant_types must not be empty");
  for (const grantType of grantTypes) {
    if (!policy.grantTypes.includes(grantType) || !km.grants.get(grantType))
      throw new InvalidClientMetadata(`the grant type ${grantType} may not be registered`);
    if (!(await km.settings.isGrantEnabled(grantType)))
      throw new InvalidClientMetadata(`the grant type ${grantType} is switched off on this platform`);
  }
  const responseTypes = stringList(
    metadata,
    "response_types",
    grantTypes.includes("authorization_code") ? ["code"] : [],
  );
  if (responseTypes.some((t) => t !== "code"))
    throw new InvalidClientMetadata("only the code response type is supported");
  if (responseTypes.includes("code") !== grantTypes.includes("authorization_code"))
    throw new InvalidClientMetadata(
      "response_types code goes with, and only with, the authorization_code grant",
    );
  return grantTypes;
}

function checkAuthMethod(
  metadata: Record<string, unknown>,
  grantTypes: string[],
  policy: RegistrationPolicy,
) {
  const method = metadata.token_endpoint_auth_method ?? "client_secret_basic";
  if (typeof method !== "string" || !policy.tokenEndpointAuthMethods.includes(method))
    throw new InvalidClientMetadata(`token_endpoint_auth_method ${String(method)} may not be registered`);
  // a public client cannot prove itself, so it gets no grant that rests on client authentication alone
  if (method === "none" && grantTypes.some((g) => g !== "authorization_code" && g !== "refresh_token"))
    throw new InvalidClientMetadata(
      "a public client (token_endpoint_auth_method none) may only use authorization_code and refresh_token",
    );
  return method;
}

/**
 * private_key_jwt keys are registered inline (`jwks`). `jwks_uri` is refused: it would let anyone
 * who may register make the key manager fetch an address of their choosing.
 */
function checkKeys(metadata: Record<string, unknown>, method: string): JSONWebKeySet | null {
  if (metadata.jwks_uri !== undefined)
    throw new InvalidClientMetadata(
      "jwks_uri is not accepted at registration: register the public keys as jwks",
    );
  const jwks = metadata.jwks;
  if (jwks === undefined || jwks === null) {
    if (method === "private_key_jwt") throw new InvalidClientMetadata("private_key_jwt needs jwks");
    return null;
  }
  const keys = (jwks as { keys?: unknown }).keys;
  if (typeof jwks !== "object" || !Array.isArray(keys) || keys.length === 0 || keys.length > 10)
    throw new InvalidClientMetadata("jwks must be a JWK Set with 1 to 10 keys");
  for (const key of keys) {
    if (!key || typeof key !== "object" || typeof (key as { kty?: unknown }).kty !== "string")
      throw new InvalidClientMetadata("every key in jwks needs a kty");
    if ("d" in key || "p" in key || "k" in key)
      throw new InvalidClientMetadata("jwks must hold public keys only");
  }
  return { keys } as JSONWebKeySet;
}

function checkDescriptiveFields(metadata: Record<string, unknown>) {
  const name = metadata.client_name ?? "";
  if (typeof name !== "string" || name.length > 200)
    throw new InvalidClientMetadata("client_name must be a string of at most 200 characters");
  const descriptive: Record<string, string | string[]> = {};
  for (const field of URI_FIELDS) {
    const value = metadata[field];
    if (value === undefined || value === null) continue;
    let url: URL | undefined;
    try {
      url = typeof value === "string" && value.length <= 2048 ? new URL(value) : undefined;
    } catch {}
    if (url?.protocol !== "https:") throw new InvalidClientMetadata(`${field} must be an https URL`);
    descriptive[field] = value as string;
  }
  for (const field of TEXT_FIELDS) {
    const value = metadata[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" || value.length > MAX_TEXT)
      throw new InvalidClientMetadata(`${field} must be a string of at most ${MAX_TEXT} characters`);
    descriptive[field] = value;
  }
  const contacts = stringList(metadata, "contacts", []);
  if (contacts.some((c) => c.length > MAX_TEXT)) throw new InvalidClientMetadata("contacts are too long");
  if (contacts.length) descriptive.contacts = contacts;
  return { clientName: name, descriptive };
}

/** Checks the requested metadata; unknown fields are ignored (RFC 7591 2). */
export async function checkClientMetadata(
  km: KeyManager,
  metadata: Record<string, unknown>,
  policy: RegistrationPolicy,
): Promise<ClientMetadata> {
  const grantTypes = await checkGrantTypes(km, metadata, policy);
  const tokenEndpointAuthMethod = checkAuthMethod(metadata, grantTypes, policy);
  const { redirectUris, postLogoutRedirectUris } = checkRedirectUris(metadata, grantTypes, policy);
  const jwks = checkKeys(metadata, tokenEndpointAuthMethod);
  const { clientName, descriptive } = checkDescriptiveFields(metadata);
  return {
    clientName,
    redirectUris,
    postLogoutRedirectUris,
    grantTypes,
    tokenEndpointAuthMethod,
    jwks,
    descriptive,
  };
}
