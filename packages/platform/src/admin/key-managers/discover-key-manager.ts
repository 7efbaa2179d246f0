import { AppError } from "../../errors";

/** What a discovery document says about a key manager, as the KeyManager row stores it. */
export interface DiscoveredKeyManager {
  issuer: string;
  jwksUri: string;
  tokenEndpoint: string | null;
  introspectionEndpoint: string | null;
}

const optionalText = (value: unknown) => (typeof value === "string" ? value : null);

/** Reads an OpenID/OAuth discovery document, bounded in time and size. */
export async function discoverKeyManager(url: string): Promise<DiscoveredKeyManager> {
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
    return {
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
}
