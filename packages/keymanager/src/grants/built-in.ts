import { applicationTokenGrant } from "./application-token";
import { authorizationCodeGrant } from "./authorization-code";
import { clientCredentialsGrant } from "./client-credentials";
import { deviceCodeGrant } from "./device-code";
import { downscopeGrant } from "./examples/downscope";
import { iwaNtlmGrant } from "./iwa-ntlm";
import { jwtBearerGrant } from "./jwt-bearer";
import { kerberosGrant, kerberosUrnGrant } from "./kerberos";
import { passwordGrant } from "./password";
import { refreshTokenGrant } from "./refresh-token";
import type { GrantTypeModule } from "./registry";
import { saml2BearerGrant } from "./saml2-bearer";
import { tokenExchangeGrant } from "./token-exchange";

/**
 * The grant types this key manager serves, each switched on and off by admins. SAML 2.0 bearer,
 * Kerberos and NTLM plug in here the same way when they are written.
 */
export const builtInGrantTypes: readonly GrantTypeModule[] = [
  authorizationCodeGrant,
  clientCredentialsGrant,
  passwordGrant,
  refreshTokenGrant,
  jwtBearerGrant,
  tokenExchangeGrant,
  // RFC 8628, for the portico command line and other devices without a browser
  deviceCodeGrant,
  // enterprise grants (off until an admin enables them and configures an identity provider)
  saml2BearerGrant,
  kerberosGrant,
  kerberosUrnGrant,
  iwaNtlmGrant,
  // the developer portal's token generation for a developer's own application keys
  applicationTokenGrant,
  // the documented example of a custom grant (off until an admin enables it)
  downscopeGrant,
];
