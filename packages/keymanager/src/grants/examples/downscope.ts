// An example custom grant type, and the template for writing one.
//
// A custom grant is one module of the same shape as the built-in ones, passed to
// startKeyManager({ grantTypes: [...] }) or added to builtInGrantTypes. The token endpoint has
// already authenticated the client, checked that the grant is enabled (platform-wide and for
// this key manager: the `setting` below creates its GrantTypeSetting row, off by default) and
// that the client was given it, and that the required parameters are present. The handler
// validates what is specific to the grant, throws OAuth error classes, and returns
// issueTokenResponse(...).
//
// This one, "downscope", lets a client trade one of its own access tokens for a token with
// fewer scopes that expires no later: handy before handing a token to a less trusted component.
import { InvalidGrant, InvalidScope } from "../../errors";
import { parseScope, rolesOfUser, validateScope } from "../../scopes/validate-scope";
import { findAccessToken } from "../../tokens/find-token";
import { issueTokenResponse } from "../../tokens/issue-token-response";
import type { GrantTypeModule } from "../registry";

export const DOWNSCOPE = "urn:portico:params:oauth:grant-type:downscope";

export const downscopeGrant: GrantTypeModule = {
  grantType: DOWNSCOPE,
  parameters: { required: ["access_token", "scope"] },
  setting: {
    displayName: "Downscope (example custom grant)",
    description: "Trades a client's own access token for one with fewer scopes that expires no later.",
    enabled: false,
  },
  async handler({ km, params, client, binding }) {
    const held = await findAccessToken(km, params.get("access_token") as string);
    const now = km.now();
    if (!held || held.clientId !== client.id || held.revokedAt || held.expiresAt <= now) {
      throw new InvalidGrant("the access token is invalid, expired, revoked or not yours");
    }
    const asked = parseScope(params.get("scope"));
    const original = parseScope(held.scope);
    if (asked.some((s) => !original.includes(s))) throw new InvalidScope("downscoping cannot add scopes");
    const roles = held.user ? await rolesOfUser(km.db, held.user.id) : [];
    const scope = await validateScope(km.db, asked, {
      application: client.application,
      keyType: client.keyType,
      roles: held.user
        ? roles
        : client.application
          ? await rolesOfUser(km.db, client.application.ownerId)
          : [],
      userBound: held.user !== null,
    });
    // never outlive the original token
    const remaining = Math.floor((held.expiresAt.getTime() - now.getTime()) / 1000);
    const wanted = Number(params.get("validity_period") ?? remaining);
    const validity = new Map(params);
    validity.set(
      "validity_period",
      String(Math.max(1, Math.min(remaining, Number.isFinite(wanted) ? wanted : remaining))),
    );
    return issueTokenResponse({
      binding,
      km,
      params: validity,
      client,
      grantType: DOWNSCOPE,
      user: held.user,
      roles,
      scope,
      refresh: false,
    });
  },
};
