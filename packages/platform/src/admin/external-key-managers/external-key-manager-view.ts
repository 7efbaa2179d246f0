import type { KeyManager } from "@portico/db";

/** An external key manager as admins see it: never a secret, only whether one is stored. */
export function externalKeyManagerView(k: KeyManager) {
  return {
    id: k.id,
    name: k.name,
    type: k.type,
    issuer: k.issuer,
    discoveryUrl: k.discoveryUrl,
    jwksUri: k.jwksUri,
    tokenEndpoint: k.tokenEndpoint,
    introspectionEndpoint: k.introspectionEndpoint,
    registrationEndpoint: k.registrationEndpoint,
    tokenValidation: k.tokenValidation,
    offersRegistration: k.offersRegistration,
    clientId: k.clientId,
    hasClientSecret: Boolean(k.clientSecretEnc),
    hasRegistrationToken: Boolean(k.registrationTokenEnc),
    enabled: k.enabled,
    claimMappings: k.claimMappings,
  };
}
