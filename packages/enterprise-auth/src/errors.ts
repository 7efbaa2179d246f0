/**
 * The one error type of this package. `code` is stable (callers switch on it); `message` is a
 * description safe to return to the client as `error_description` — it never echoes secrets,
 * tokens, assertion content or which certificate/user was close to matching.
 */
export class EnterpriseAuthError extends Error {
  readonly code: EnterpriseAuthErrorCode;

  constructor(code: EnterpriseAuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EnterpriseAuthError";
    this.code = code;
  }
}

export type EnterpriseAuthErrorCode =
  // configuration mistakes by the caller (map to server_error, not invalid_grant)
  | "config_invalid"
  // SAML 2.0 bearer assertion (RFC 7522)
  | "saml_too_large"
  | "saml_malformed"
  | "saml_dtd_forbidden"
  | "saml_structure_invalid"
  | "saml_signature_missing"
  | "saml_signature_invalid"
  | "saml_algorithm_forbidden"
  | "saml_issuer_mismatch"
  | "saml_audience_mismatch"
  | "saml_subject_confirmation_invalid"
  | "saml_recipient_mismatch"
  | "saml_not_yet_valid"
  | "saml_expired"
  | "saml_replayed"
  // Kerberos / SPNEGO
  | "kerberos_token_malformed"
  | "kerberos_token_rejected"
  | "kerberos_realm_forbidden"
  | "kerberos_continuation_needed"
  // NTLM
  | "ntlm_message_malformed"
  | "ntlm_challenge_unknown"
  | "ntlm_version_forbidden"
  | "ntlm_domain_forbidden"
  | "ntlm_credentials_invalid"
  | "ntlm_timestamp_out_of_range";

/** True when the error comes from a misconfiguration on our side rather than from the client's grant. */
export function isConfigurationError(error: unknown): boolean {
  return error instanceof EnterpriseAuthError && error.code === "config_invalid";
}
