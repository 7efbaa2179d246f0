import { parseSecuritySchemes, type SecuritySchemes } from "@portico/api-policies";

/**
 * An API's stored security schemes. The platform validates what it stores; a value that still
 * does not parse (written around it) falls back to OAuth 2.0 with DPoP required, the narrowest
 * choice, rather than opening the API to API keys it never asked for.
 */
export function readSecuritySchemes(stored: unknown): SecuritySchemes {
  try {
    return parseSecuritySchemes(stored);
  } catch {
    return parseSecuritySchemes({ oauth2: { dpop: "required" } });
  }
}
