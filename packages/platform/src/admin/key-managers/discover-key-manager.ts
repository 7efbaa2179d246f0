import { AppError } from "../../errors";
import { checkKeyManagerEgress } from "../external-key-managers/discover-issuer";

/** What a discovery document says about a key manager, as the KeyManager row stores it. */
export interface DiscoveredKeyManager {
  issuer: string;
  jwksUri: string;
  tokenEndpoint: string | null;
  introspectionEndpoint: string | null;
}

const optionalText = (value: unknown) => (typeof value === "string" ? value : null);

/**
 * Reads an OpenID/OAuth discovery document, bounded in time and size. The discovery URL, before it
 * is fetched, and the endpoints the document names must pass the egress rules the gateway applies
 * to backends (PORTICO_BACKEND_ALLOW), as for key managers added by issuer: an admin form is no
 * way to make Portico call cloud metadata or loopback services.
 */
export async function discoverKeyManager(url: string): Promise<DiscoveredKeyManager> {
  await checkKeyManagerEgress("discoveryUrl", url);
  let res: Response;
  try {
    res = await fetch(url, {
      signal: AbortSignal.timeout(5000),
      redirect: "error",
      headers: { accept: "application/json" },
    });
  } catch (cause) {
    throw new AppError("VALIDATION_FAILED", "the discovery URL could not be reached", {
      fields: [
        {
          field: "discoveryUrl",
          message: cause instanceof Error && cause.name === "TimeoutError" ? "timed out" : "unreachable",
        },
      ],
    });
  }
  const text = await res.text();
  let found: DiscoveredKeyManager;
  if (!res.ok || text.length > 256 * 1024) {
    throw new AppError("VALIDATION_FAILED", `the discovery URL answered ${res.status}`, {
      fields: [{ field: "discoveryUrl", message: "not a discovery document" }],
    });
  }
  try {
    const doc: unknown = JSON.parse(text);
    const fields = doc !== null && typeof doc === "object" ? (doc as Record<string, unknown>) : {};
    if (typeof fields.issuer !== "string" || typeof fields.jwks_uri !== "string")
      throw new Error("missing issuer or jwks_uri");
    found = {
      issuer: fields.issuer,
      jwksUri: fields.jwks_uri,
      tokenEndpoint: optionalText(fields.token_endpoint),
      introspectionEndpoint: optionalText(fields.introspection_endpoint),
    };
  } catch (cause) {
    throw new AppError(
      "VALIDATION_FAILED",
      `not a discovery document: ${cause instanceof Error ? cause.message : "unreadable"}`,
      { fields: [{ field: "discoveryUrl", message: "invalid document" }] },
    );
  }
  for (const [name, endpoint] of [
    ["jwks_uri", found.jwksUri],
    ["token_endpoint", found.tokenEndpoint],
    ["introspection_endpoint", found.introspectionEndpoint],
  ] as const)
    if (endpoint) await checkKeyManagerEgress(`discoveryUrl (its ${name})`, endpoint);
  return found;
}
