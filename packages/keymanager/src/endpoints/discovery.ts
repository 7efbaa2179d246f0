// RFC 8414 authorization server metadata and OpenID Connect Discovery 1.0 (section 3).
import { DPOP_SIGNING_ALGS } from "@portico/tokens";
import { CLIENT_ASSERTION_ALGS, CLIENT_AUTH_METHODS } from "../clients/authenticate-client";
import { DEVICE_AUTHORIZATION_PATH, DEVICE_CODE_GRANT } from "../grants/device-code-store";
import type { Exchange } from "../http/exchange";
import { endpointUrls, type KeyManager } from "../key-manager";
import { OIDC_SCOPES } from "../scopes/validate-scope";

export function serverMetadata(km: KeyManager, registrationEnabled = false): Record<string, unknown> {
  const urls = endpointUrls(km.issuer);
  return {
    issuer: km.issuer,
    authorization_endpoint: urls.authorization,
    token_endpoint: urls.token,
    jwks_uri: urls.jwks,
    userinfo_endpoint: urls.userinfo,
    introspection_endpoint: urls.introspection,
    revocation_endpoint: urls.revocation,
    end_session_endpoint: urls.endSession,
    // RFC 8628 4: the device authorization endpoint, where this server serves the grant
    ...(km.grants.get(DEVICE_CODE_GRANT)
      ? { device_authorization_endpoint: `${km.issuer.replace(/\/$/, "")}${DEVICE_AUTHORIZATION_PATH}` }
      : {}),
    // RFC 7591 3: advertised only while an admin has registration switched on
    ...(registrationEnabled ? { registration_endpoint: urls.registration } : {}),
    scopes_supported: [...OIDC_SCOPES],
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: km.grants.names(),
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256", "ES256"],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGS,
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS.filter((m) => m !== "none"),
    introspection_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGS,
    code_challenge_methods_supported: ["S256"],
    // RFC 9449 5.1
    dpop_signing_alg_values_supported: [...DPOP_SIGNING_ALGS],
    // RFC 8705 3.3: tokens requested over mutual TLS are bound to the client certificate
    tls_client_certificate_bound_access_tokens: true,
    claims_supported: [
      "sub",
      "iss",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "nonce",
      "at_hash",
      "sid",
      "azp",
      "name",
      "preferred_username",
      "email",
      "email_verified",
      "updated_at",
    ],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    // RFC 9207: the authorization response carries iss
    authorization_response_iss_parameter_supported: true,
    frontchannel_logout_supported: false,
    backchannel_logout_supported: false,
    prompt_values_supported: ["none", "login", "consent"],
  };
}

export async function discoveryEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  const registration = await km.settings.registrationPolicy();
  ex.publicJson(serverMetadata(km, registration.enabled), 300);
}
