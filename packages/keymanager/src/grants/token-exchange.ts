// RFC 8693: exchanges a Portico access token (subject_token) for a new one for the calling
// client. With an actor_token it is delegation: the new token's `act` claim names the actor
// (4.1), nesting any earlier actor. Scopes can only narrow. The new token records the subject
// token it came from: it never outlives it, and revoking the subject token (or its refresh
// family) revokes it, and whatever was exchanged from it in turn.
import { InvalidGrant, InvalidRequest, InvalidScope } from "../errors";
import type { KeyManager } from "../key-manager";
import { parseScope, rolesOfUser, validateScope } from "../scopes/validate-scope";
import { findAccessToken } from "../tokens/find-token";
import { issueTokenResponse } from "../tokens/issue-token-response";
import type { GrantTypeModule } from "./registry";

export const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

async function activeToken(km: KeyManager, token: string, what: string) {
  const row = await findAccessToken(km, token);
  if (!row || row.revokedAt || row.expiresAt <= km.now() || row.client.revokedAt) {
    throw new InvalidGrant(`the ${what} is invalid, expired or revoked`);
  }
  if (row.user?.disabled) throw new InvalidGrant(`the ${what}'s user is disabled`);
  return row;
}

export const tokenExchangeGrant: GrantTypeModule = {
  grantType: TOKEN_EXCHANGE,
  parameters: {
    required: ["subject_token", "subject_token_type"],
    optional: [
      "actor_token",
      "actor_token_type",
      "scope",
      "requested_token_type",
      "audience",
      "resource",
      "validity_period",
    ],
  },
  setting: {
    displayName: "Token exchange",
    description: "Exchanges one token for another, for delegation and impersonation (RFC 8693).",
    risk: "Lets a client act for a user it received a token from; restrict to clients that need it.",
    enabled: false,
  },
  async handler({ km, params, client, binding }) {
    if (params.get("subject_token_type") !== ACCESS_TOKEN_TYPE) {
      throw new InvalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
    }
    const requestedType = params.get("requested_token_type");
    if (requestedType && requestedType !== ACCESS_TOKEN_TYPE)
      throw new InvalidRequest(`requested_token_type must be ${ACCESS_TOKEN_TYPE}`);
    const actorToken = params.get("actor_token");
    if (actorToken && params.get("actor_token_type") !== ACCESS_TOKEN_TYPE) {
      throw new InvalidRequest(`actor_token_type must be ${ACCESS_TOKEN_TYPE}`);
    }
    if (!actorToken && params.has("actor_token_type"))
      throw new InvalidRequest("actor_token_type without actor_token");

    const subject = await activeToken(km, params.get("subject_token") as string, "subject_token");
    let act: Record<string, unknown> | undefined;
    if (actorToken) {
      const actor = await activeToken(km, actorToken, "actor_token");
      act = { sub: actor.user?.id ?? actor.client.clientId, client_id: actor.client.clientId };
      const earlier = (subject.claims as { act?: Record<string, unknown> } | null)?.act;
      if (earlier) act.act = earlier;
    }
    const held = parseScope(subject.scope);
    const asked = params.has("scope") ? parseScope(params.get("scope")) : held;
    if (asked.some((s) => !held.includes(s))) throw new InvalidScope("the scope exceeds the subject token's");
    const user = subject.user;
    const roles = user ? await rolesOfUser(km.db, user.id) : [];
    const scope = await validateScope(km.db, asked, {
      application: client.application,
      keyType: client.keyType,
      roles: user ? roles : client.application ? await rolesOfUser(km.db, client.application.ownerId) : [],
      userBound: user !== null,
    });
    const remaining = Math.floor((subject.expiresAt.getTime() - km.now().getTime()) / 1000);
    if (remaining < 1) throw new InvalidGrant("the subject_token is invalid, expired or revoked");
    const response = await issueTokenResponse({
      binding,
      km,
      params,
      client,
      grantType: TOKEN_EXCHANGE,
      user,
      roles,
      scope,
      refresh: false,
      act,
      subjectTokenId: subject.id,
      maxValiditySeconds: remaining,
    });
    return { ...response, issued_token_type: ACCESS_TOKEN_TYPE };
  },
};
