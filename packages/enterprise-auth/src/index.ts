export type { EnterpriseAuthErrorCode } from "./errors.ts";
export { EnterpriseAuthError, isConfigurationError } from "./errors.ts";
export type { AcceptKerberosOptions, KerberosIdentity } from "./kerberos/accept-kerberos-token.ts";
export { acceptKerberosToken } from "./kerberos/accept-kerberos-token.ts";
export { computeNtHash } from "./ntlm/compute-nt-hash.ts";
export type { NtlmAcceptor, NtlmAcceptorOptions, NtlmIdentity } from "./ntlm/create-ntlm-acceptor.ts";
export { createNtlmAcceptor } from "./ntlm/create-ntlm-acceptor.ts";
export type { NtlmChallengeRecord, NtlmChallengeStore } from "./ntlm/ntlm-challenge-store.ts";
export { createMemoryNtlmChallengeStore } from "./ntlm/ntlm-challenge-store.ts";
export type {
  SamlIdentity,
  SamlIdentityProvider,
  ValidateSamlBearerOptions,
} from "./saml/validate-saml-bearer-assertion.ts";
export { validateSamlBearerAssertion } from "./saml/validate-saml-bearer-assertion.ts";
