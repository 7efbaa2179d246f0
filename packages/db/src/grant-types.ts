/** The grant types Portico knows, with what an admin needs to decide on each. */
export const grantTypeCatalog = [
  {
    name: "authorization_code",
    displayName: "Authorization code (with PKCE)",
    description:
      "A user signs in at the key manager and the application receives a code (RFC 6749 4.1, PKCE RFC 7636).",
    risk: null,
    enabled: true,
  },
  {
    name: "client_credentials",
    displayName: "Client credentials",
    description: "The application acts on its own behalf with its consumer key and secret (RFC 6749 4.4).",
    risk: null,
    enabled: true,
  },
  {
    name: "password",
    displayName: "Resource owner password",
    description:
      "The application collects the user's password and sends it to the key manager (RFC 6749 4.3).",
    risk: "The application sees the user's password; OAuth 2.0 Security BCP (RFC 9700) says it must not be used. Keep it for trusted first-party clients only.",
    enabled: true,
  },
  {
    name: "refresh_token",
    displayName: "Refresh token",
    description:
      "Exchanges a refresh token for a new access token; refresh tokens rotate on every use (RFC 6749 6).",
    risk: null,
    enabled: true,
  },
  {
    name: "urn:ietf:params:oauth:grant-type:jwt-bearer",
    displayName: "JWT bearer",
    description: "Exchanges a JWT signed by a trusted identity provider for an access token (RFC 7523).",
    risk: "Anyone holding a key the identity provider trusts can mint assertions.",
    enabled: false,
  },
  {
    name: "urn:ietf:params:oauth:grant-type:saml2-bearer",
    displayName: "SAML 2.0 bearer",
    description: "Exchanges a signed SAML 2.0 assertion from a trusted identity provider (RFC 7522).",
    risk: "Off until a trusted SAML identity provider is configured.",
    enabled: false,
  },
  {
    name: "urn:ietf:params:oauth:grant-type:token-exchange",
    displayName: "Token exchange",
    description: "Exchanges one token for another, for delegation and impersonation (RFC 8693).",
    risk: "Lets a client act for a user it received a token from; restrict to clients that need it.",
    enabled: false,
  },
  {
    name: "kerberos",
    displayName: "Kerberos",
    description: "Exchanges a Kerberos (SPNEGO) service ticket for the key manager's principal.",
    risk: "Off until a Kerberos realm and keytab are configured.",
    enabled: false,
  },
  {
    name: "iwa:ntlm",
    displayName: "Windows NTLM",
    description: "Exchanges a Windows NTLMv2 login for an access token.",
    risk: "NTLM is a legacy protocol; only NTLMv2 is accepted.",
    enabled: false,
  },
] as const;
