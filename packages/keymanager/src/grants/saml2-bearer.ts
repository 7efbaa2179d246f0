// RFC 7522: a SAML 2.0 bearer assertion from a trusted identity provider (IdentityProvider rows
// of type SAML2: issuer = entity id, PEM certificates, audience, clock skew, SHA-1 switch) is
// exchanged for an access token of the user it names. The XML checks are
// @portico/enterprise-auth's validateSamlBearerAssertion; this module selects the provider,
// guards replay through ReplayGuard and maps the identity to a Portico user.

import type { IdentityProvider } from "@portico/db";
import { validateSamlBearerAssertion } from "@portico/enterprise-auth";
import { InvalidGrant } from "../errors";
import { endpointUrls } from "../key-manager";
import { auditRefusals, enabledProviders, issueEnterpriseToken } from "./enterprise/issue-enterprise-token";
import { type ExternalIdentity, readMapping } from "./enterprise/map-enterprise-user";
import type { GrantTypeModule } from "./registry";

export const SAML2_BEARER = "urn:ietf:params:oauth:grant-type:saml2-bearer";
const ISSUER_PATTERN = /<(?:[A-Za-z_][\w.-]*:)?Issuer\b[^>]*>([^<]*)<\/(?:[A-Za-z_][\w.-]*:)?Issuer>/;

/**
 * Picks the provider by the assertion's `<Issuer>`, read from the unverified text only to select
 * the configuration: the validator checks it again against the signed bytes.
 */
function selectProvider(providers: IdentityProvider[], assertion: string): IdentityProvider {
  let issuer: string | undefined;
  try {
    const xml = Buffer.from(assertion, "base64url").toString("utf8");
    issuer = ISSUER_PATTERN.exec(xml)?.[1]?.trim();
  } catch {
    issuer = undefined;
  }
  const match = providers.find((p) => p.issuer === issuer);
  if (match) return match;
  // with a single provider, its own checks give the more helpful description
  if (providers.length === 1) return providers[0] as IdentityProvider;
  throw new InvalidGrant("the assertion's issuer is not a trusted SAML identity provider");
}

function certificatesOf(idp: IdentityProvider): string[] {
  return Array.isArray(idp.certificates)
    ? idp.certificates.filter((c): c is string => typeof c === "string")
    : [];
}

export const saml2BearerGrant: GrantTypeModule = {
  grantType: SAML2_BEARER,
  parameters: { required: ["assertion"], optional: ["scope", "validity_period"] },
  setting: {
    displayName: "SAML 2.0 bearer",
    description: "Exchanges a signed SAML 2.0 assertion from a trusted identity provider (RFC 7522).",
    risk: "Off until a trusted SAML identity provider is configured.",
    enabled: false,
  },
  async handler(context) {
    const { km, params } = context;
    const providers = await enabledProviders(context, "SAML2", "trusted SAML identity provider");
    const assertion = params.get("assertion") as string;
    const details: Record<string, unknown> = {};
    return auditRefusals(context, "token.grant.saml2", details, async () => {
      const idp = selectProvider(providers, assertion);
      details.provider = idp.name;
      const tokenEndpointUrl = endpointUrls(km.issuer).token;
      const identity = await validateSamlBearerAssertion(assertion, {
        idp: {
          entityId: idp.issuer,
          certificates: certificatesOf(idp),
          audience: idp.audience ?? tokenEndpointUrl,
          clockSkewSeconds: idp.clockSkewSeconds,
          allowSha1: idp.allowSha1,
        },
        tokenEndpointUrl,
        now: km.now(),
        replayGuard: async (assertionId, rememberUntil) => {
          try {
            await km.db.replayGuard.create({
              data: {
                key: `saml:${idp.id}:${assertionId}`,
                kind: "saml-assertion",
                expiresAt: rememberUntil,
              },
            });
            return true;
          } catch {
            return false; // primary-key violation: this assertion id was already used
          }
        },
      });
      details.assertionId = identity.assertionId;
      const external: ExternalIdentity = { nameId: [identity.nameId] };
      for (const [name, values] of Object.entries(identity.attributes))
        external[`attribute:${name}`] = values;
      const mapping = readMapping(idp, "nameId");
      return issueEnterpriseToken(context, {
        action: "token.grant.saml2",
        grantType: SAML2_BEARER,
        idp,
        mapping,
        identity: external,
        // the IdP is authoritative for the roles of the users it provisioned
        syncRoles: mapping.syncRoles ?? true,
        details,
      });
    });
  },
};
