import { parseSecuritySchemes } from "@portico/api-policies";

/**
 * The exported document's view of an API's security schemes: the OAuth 2.0 scheme (marked when
 * DPoP-bound tokens are required), an `apiKey` scheme in the header the publisher named (and the
 * query parameter when allowed), and per resource the alternatives (`any`) or the combination
 * (`all`) a caller must present.
 */
export function openApiSecurity(stored: unknown) {
  const schemes = parseSecuritySchemes(stored);
  const securitySchemes: Record<string, Record<string, unknown>> = {};
  if (schemes.apiKey.enabled) {
    securitySchemes.apiKey = { type: "apiKey", in: "header", name: schemes.apiKey.header };
    if (schemes.apiKey.queryParameter)
      securitySchemes.apiKeyQuery = { type: "apiKey", in: "query", name: schemes.apiKey.queryParameter };
  }
  // OpenAPI 3.1's mutualTLS scheme: a requirement next to every alternative
  if (schemes.mutualTls.enabled) securitySchemes.mutualTls = { type: "mutualTLS" };
  const tls = schemes.mutualTls.enabled ? { mutualTls: [] } : {};
  const oauth2 = {
    "x-portico-dpop": schemes.oauth2.dpop,
    ...(schemes.oauth2.dpop === "required"
      ? {
          description:
            "Access tokens from Portico's key manager, DPoP-bound only (RFC 9449): send 'Authorization: DPoP <token>' with a DPoP proof",
        }
      : {}),
  };

  /** The `security` requirement of one resource. */
  function requirementFor(
    resource: { method: string; pathTemplate: string; authRequired: boolean },
    scopes: string[],
  ) {
    if (!resource.authRequired) return [];
    const keys =
      schemes.apiKey.enabled &&
      (schemes.apiKey.resources.length === 0 ||
        schemes.apiKey.resources.includes(`${resource.method} ${resource.pathTemplate}`))
        ? ["apiKey", ...(schemes.apiKey.queryParameter ? ["apiKeyQuery"] : [])]
        : [];
    const token = schemes.oauth2.enabled ? { portico: scopes } : undefined;
    if (schemes.require === "all" && token && keys.length)
      return keys.map((k) => ({ ...token, [k]: [], ...tls }));
    return [...(token ? [{ ...token, ...tls }] : []), ...keys.map((k) => ({ [k]: [], ...tls }))];
  }

  return { securitySchemes, oauth2, oauth2Enabled: schemes.oauth2.enabled, requirementFor };
}
