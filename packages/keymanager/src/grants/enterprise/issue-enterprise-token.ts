/// <reference path="../../../../enterprise-auth/src/ntlm/js-md4.d.ts" />
// (@portico/enterprise-auth is consumed as source; its ambient js-md4 types must reach every program that imports the key manager)
// What the three enterprise grants share once a validator has spoken: RFC 6749 error mapping,
// audit events, the user mapping, scope validation and the token response, exactly as for the
// other user-bound grants.

import type { IdentityProvider, IdentityProviderType } from "@portico/db";
import { EnterpriseAuthError, isConfigurationError } from "@portico/enterprise-auth";
import { InvalidGrant, OAuthError, UnsupportedGrantType } from "../../errors";
import { parseScope, rolesOfUser, validateScope } from "../../scopes/validate-scope";
import { issueTokenResponse, type TokenResponse } from "../../tokens/issue-token-response";
import type { GrantContext } from "../registry";
import { type ExternalIdentity, type IdentityMapping, resolveMappedUser } from "./map-enterprise-user";

/** `token.grant.saml2`, `token.grant.kerberos`, `token.grant.ntlm`; refusals add `.refused`. */
export type EnterpriseAuditAction = "token.grant.saml2" | "token.grant.kerberos" | "token.grant.ntlm";

/** The enabled providers of one type; none configured means the grant is not offered at all. */
export async function enabledProviders(
  context: GrantContext,
  type: IdentityProviderType,
  description: string,
): Promise<IdentityProvider[]> {
  const rows = await context.km.db.identityProvider.findMany({
    where: { type, enabled: true },
    orderBy: { createdAt: "asc" },
  });
  if (rows.length === 0) throw new UnsupportedGrantType(`no ${description} is configured`);
  return rows;
}

/**
 * Runs a grant's verification and turns its failures into OAuth errors: an EnterpriseAuthError
 * from the client's input is `invalid_grant` with the validator's (non-leaking) message;
 * `config_invalid` is rethrown as is, which the token endpoint answers as `server_error` and logs.
 * Every refusal is audited with its code (never the token).
 */
export async function auditRefusals<T>(
  context: GrantContext,
  action: EnterpriseAuditAction,
  details: Record<string, unknown>,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const code =
      error instanceof EnterpriseAuthError
        ? error.code
        : error instanceof OAuthError
          ? error.error
          : "server_error";
    await audit(context, `${action}.refused`, { ...details, code });
    if (isConfigurationError(error)) {
      context.km.log.log("error", "grant.configuration", {
        grantType: context.params.get("grant_type"),
        provider: details.provider,
        message: (error as Error).message,
      });
      throw error;
    }
    if (error instanceof EnterpriseAuthError) throw new InvalidGrant(error.message);
    throw error;
  }
}

export async function audit(
  context: GrantContext,
  action: string,
  details: Record<string, unknown>,
  target?: { id: string; name: string },
): Promise<void> {
  await context.km.db.auditEvent.create({
    data: {
      action,
      actorId: target?.id ?? null,
      actorName: target?.name ?? null,
      targetType: "user",
      targetId: target?.id ?? null,
      details: { clientId: context.client.clientId, ...details },
      ip: context.sourceAddress,
    },
  });
}

/** Maps the identity to a user, validates the requested scope for that user and issues the token. */
export async function issueEnterpriseToken(
  context: GrantContext,
  input: {
    action: EnterpriseAuditAction;
    grantType: string;
    idp: IdentityProvider;
    mapping: IdentityMapping;
    identity: ExternalIdentity;
    syncRoles: boolean;
    details: Record<string, unknown>;
  },
): Promise<TokenResponse> {
  const { km, params, client } = context;
  const { user, provisioned } = await resolveMappedUser(km, input.idp, input.mapping, input.identity, {
    syncRoles: input.syncRoles,
  });
  const roles = await rolesOfUser(km.db, user.id);
  const scope = await validateScope(km.db, parseScope(params.get("scope")), {
    application: client.application,
    keyType: client.keyType,
    roles,
    userBound: true,
  });
  const response = await issueTokenResponse({
    km,
    params,
    client,
    grantType: input.grantType,
    user,
    roles,
    scope,
    // the external login is the proof; a refresh token would outlive it (enterprise-auth README)
    refresh: false,
    binding: context.binding,
  });
  await km.db.user.update({ where: { id: user.id }, data: { lastLoginAt: km.now() } });
  await audit(
    context,
    input.action,
    { ...input.details, provider: input.idp.name, provisioned, scope: scope.join(" ") },
    { id: user.id, name: user.username },
  );
  return response;
}
