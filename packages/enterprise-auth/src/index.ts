export type { EnterpriseAuthErrorCode } from "./errors.ts";
export { EnterpriseAuthError, isConfigurationError } from "./errors.ts";
export type { AcceptKerberosOptions, KerberosIdentity } from "./kerberos/accept-kerberos-token.ts";
export { acceptKerberosToken } from "./kerberos/accept-kerberos-token.ts";
export type {
  SamlIdentity,
  SamlIdentityProvider,
  ValidateSamlBearerOptions,
} from "./saml/validate-saml-bearer-assertion.ts";
export { validateSamlBearerAssertion } from "./saml/validate-saml-bearer-assertion.ts";
