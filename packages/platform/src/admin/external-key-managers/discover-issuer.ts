// Discovery of an external key manager from its issuer URL: OpenID Connect Discovery 1.0 4, then
// RFC 8414 3 (the well-known segment goes before the issuer's path). The document must name the
// same issuer (RFC 8414 3.3). Every URL, the issuer's before it is fetched and the endpoints it
// names, must pass the egress rules the gateway applies to backends (PORTICO_BACKEND_ALLOW): no
// loopback, link-local or cloud metadata addresses unless an admin allowed them.

import { refusalOf } from "../../apis/endpoint-egress";
import { AppError } from "../../errors";

export interface DiscoveredIssuer {
  issuer: string;
  discoveryUrl: string;
  jwksUri: string | null;
  tokenEndpoint: string | null;
  introspectionEndpoint: string | null;
  registrationEndpoint: string | null;
  grantTypesSupported: string[] | null;
}

const MAX_DOCUMENT_BYTES = 256 * 1024;

const invalid = (field: string, message: string) =>
  new AppError("VALIDATION_FAILED", `${field}: ${message}`, { fields: [{ field, message }] });

/** 400 naming `field` when the gateway's egress rules refuse `url`, or it is not http(s). */
export async function checkKeyManagerEgress(field: string, url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(field, "not a URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    throw invalid(field, "must be an http(s) URL");
  if (parsed.username || parsed.password) throw invalid(field, "must not carry credentials");
  const refusal = await refusalOf(url);
  if (refusal)
    throw invalid(field, `Portico does not call ${parsed.host}: ${refusal.reason} (PORTICO_BACKEND_ALLOW)`);
}

function wellKnownUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, "");
  return [
    `${url.origin}${path}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
  ];
}

async function fetchDocument(url: string): Promise<Record<string, unknown> | undefined> {
  let res: Response;
  try {
    res = await fetch(url, {
      signal: AbortSignal.timeout(5000),
      redirect: "error",
      headers: { accept: "application/json" },
    });
  } catch (cause) {
    throw invalid(
      "issuer",
      (cause as Error).name === "TimeoutError" ? "discovery timed out" : "discovery failed: unreachable",
    );
  }
  if (res.status === 404) {
    await res.body?.cancel();
    return undefined;
  }
  const text = await res.text();
  if (!res.ok || text.length > MAX_DOCUMENT_BYTES)
    throw invalid("issuer", `discovery answered ${res.status}`);
  try {
    const doc = JSON.parse(text) as unknown;
    if (doc && typeof doc === "object" && !Array.isArray(doc)) return doc as Record<string, unknown>;
  } catch {}
  throw invalid("issuer", "the discovery document is not a JSON object");
}

const optionalUrl = (doc: Record<string, unknown>, name: string) =>
  typeof doc[name] === "string" ? (doc[name] as string) : null;

/** Finds the issuer's metadata and checks every URL in it. */
export async function discoverIssuer(issuerInput: string): Promise<DiscoveredIssuer> {
  await checkKeyManagerEgress("issuer", issuerInput);
  const issuer = issuerInput.replace(/\/$/, "");
  for (const discoveryUrl of wellKnownUrls(issuer)) {
    const doc = await fetchDocument(discoveryUrl);
    if (!doc) continue;
    if (typeof doc.issuer !== "string" || doc.issuer.replace(/\/$/, "") !== issuer)
      throw invalid("issuer", "the discovery document names another issuer");
    const found: DiscoveredIssuer = {
      issuer: doc.issuer,
      discoveryUrl,
      jwksUri: optionalUrl(doc, "jwks_uri"),
      tokenEndpoint: optionalUrl(doc, "token_endpoint"),
      introspectionEndpoint: optionalUrl(doc, "introspection_endpoint"),
      registrationEndpoint: optionalUrl(doc, "registration_endpoint"),
      grantTypesSupported: Array.isArray(doc.grant_types_supported)
        ? doc.grant_types_supported.filter((g): g is string => typeof g === "string")
        : null,
    };
    for (const [field, url] of [
      ["jwks_uri", found.jwksUri],
      ["token_endpoint", found.tokenEndpoint],
      ["introspection_endpoint", found.introspectionEndpoint],
      ["registration_endpoint", found.registrationEndpoint],
    ] as const) {
      if (url) await checkKeyManagerEgress(`issuer (its ${field})`, url);
    }
    return found;
  }
  throw invalid("issuer", "no OpenID Connect or RFC 8414 discovery document at this issuer");
}
