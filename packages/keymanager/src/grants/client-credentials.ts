// RFC 6749 4.4: the client acts on its own behalf. No refresh token (4.4.3). Role-bound scopes
// are checked against the roles of the application's owner, as the application acts for them.

import { isPublicClient } from "../clients/find-client";
import { UnauthorizedClient } from "../errors";
import { parseScope, rolesOfUser, validateScope } from "../scopes/validate-scope";
import { issueTokenResponse } from "../tokens/issue-token-response";
import type { GrantTypeModule } from "./registry";

export const clientCredentialsGrant: GrantTypeModule = {
  grantType: "client_credentials",
  parameters: { required: [], optional: ["scope", "validity_period"] },
  setting: {
    displayName: "Client credentials",
    description: "The application acts on its own behalf with its consumer key and secret (RFC 6749 4.4).",
    enabled: true,
  },
  async handler({ km, params, client, binding }) {
    if (isPublicClient(client)) throw new UnauthorizedClient("public clients cannot use client_credentials");
    const ownerId = client.application?.ownerId;
    const roles = ownerId ? await km.cache.roles.get(ownerId, () => rolesOfUser(km.db, ownerId)) : [];
    const scope = await validateScope(km.db, parseScope(params.get("scope")), {
      application: client.application,
      keyType: client.keyType,
      roles,
      userBound: false,
    });
    return issueTokenResponse({
      binding,
      km,
      params,
      client,
      grantType: "client_credentials",
      user: null,
      roles: [],
      scope,
      refresh: false,
    });
  },
};
