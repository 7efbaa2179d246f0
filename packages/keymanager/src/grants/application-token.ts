// The developer portal's token generation ("Generate access token" in the devportal): the portal,
// a first-party confidential client, asks for a token for one of a developer's applications
// without holding that application's secret, which is stored only as a hash. The portal has
// authenticated the developer; this grant checks the developer owns the application, then issues
// exactly what client_credentials would issue to the application's own client: same scope rules
// (subscriptions, the owner's roles), same validity bounds, the application's token format.
import { APPLICATION_TOKEN_GRANT } from "@portico/issuer-admin";
import { findClient, isPublicClient, stringList } from "../clients/find-client";
import { InvalidDpopProof, InvalidGrant, InvalidRequest, UnauthorizedClient } from "../errors";
import { parseScope, rolesOfUser, validateScope } from "../scopes/validate-scope";
import { issueTokenResponse } from "../tokens/issue-token-response";
import type { GrantTypeModule } from "./registry";

export const applicationTokenGrant: GrantTypeModule = {
  grantType: APPLICATION_TOKEN_GRANT,
  parameters: {
    required: ["application_client_id", "owner"],
    // RFC 9449 10 names `dpop_jkt`: the thumbprint of the developer's own DPoP key, which the
    // portal (holding no private key of the developer's) binds the token to
    optional: ["scope", "validity_period", "dpop_jkt"],
  },
  setting: {
    displayName: "Developer portal token generation",
    description:
      "Lets the developer portal (a first-party client) generate tokens for a developer's own application keys, as client credentials would.",
    risk: "Only first-party clients given this grant can use it; turning it off disables token generation in the developer portal.",
    enabled: true,
  },
  async handler({ km, params, client: portal, binding }) {
    if (!portal.firstParty || isPublicClient(portal)) {
      throw new UnauthorizedClient("only a first-party confidential client may generate application tokens");
    }
    const target = await findClient(km.db, params.get("application_client_id") as string);
    const owner = params.get("owner") as string;
    // One answer for "no such keys" and "not yours": no probing of other developers' keys.
    if (
      !target?.application ||
      target.revokedAt ||
      target.application.ownerId !== owner ||
      target.application.owner.disabled
    ) {
      throw new InvalidGrant("no such application keys for this developer");
    }
    if (!stringList(target.grantTypes).includes("client_credentials")) {
      throw new UnauthorizedClient("the application's keys do not have the client_credentials grant");
    }
    const jkt = params.get("dpop_jkt");
    if (jkt !== undefined && jkt !== null && !/^[A-Za-z0-9_-]{43}$/.test(jkt))
      throw new InvalidRequest("dpop_jkt must be a base64url SHA-256 JWK thumbprint");
    const bound = jkt ? { jkt } : binding;
    if (target.application.dpopRequired && !bound?.jkt)
      throw new InvalidDpopProof("this application's tokens are only issued bound to a DPoP key");
    const roles = await rolesOfUser(km.db, owner);
    const scope = await validateScope(km.db, parseScope(params.get("scope")), {
      application: target.application,
      keyType: target.keyType,
      roles,
      userBound: false,
    });
    return issueTokenResponse({
      binding: bound,
      km,
      params,
      client: target,
      grantType: APPLICATION_TOKEN_GRANT,
      user: null,
      roles: [],
      scope,
      refresh: false,
    });
  },
};
