// RFC 7523 2.1: a JWT from a trusted identity provider (IdentityProvider rows of type OIDC:
// issuer plus jwksUri or PEM certificates) is exchanged for a Portico access token for the user
// linked to the subject it names (FederatedIdentity). Every problem with the assertion is
// invalid_grant (RFC 7523 3.1).
import type { IdentityProvider } from "@portico/db";
import {
  createRemoteJWKSet,
  decodeJwt,
  importSPKI,
  importX509,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import { InvalidGrant } from "../errors";
import { endpointUrls, type KeyManager } from "../key-manager";
import { parseScope, rolesOfUser, validateScope } from "../scopes/validate-scope";
import { issueTokenResponse } from "../tokens/issue-token-response";
import { resolveFederatedUser } from "./enterprise/map-enterprise-user";
import type { GrantTypeModule } from "./registry";

export const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const ASSERTION_ALGS = ["RS256", "PS256", "ES256", "ES384", "EdDSA"];
const remoteKeys = new Map<string, JWTVerifyGetKey>();

/** How an identity provider's assertions map to Portico users (IdentityProvider.mapping). */
interface IdentityMapping {
  /** the claim naming the subject (its FederatedIdentity, and a provisioned user's name); `sub` by default */
  usernameClaim?: string;
  /** roles given to users provisioned from this provider */
  roles?: string[];
}

async function verifyWithProvider(
  km: KeyManager,
  idp: IdentityProvider,
  assertion: string,
): Promise<JWTPayload> {
  const urls = endpointUrls(km.issuer);
  const options = {
    issuer: idp.issuer,
    audience: idp.audience ?? [urls.token, km.issuer],
    algorithms: ASSERTION_ALGS,
    requiredClaims: ["exp", "sub"],
    clockTolerance: idp.clockSkewSeconds,
    currentDate: km.now(),
  };
  if (idp.jwksUri) {
    let keys = remoteKeys.get(idp.jwksUri);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(idp.jwksUri));
      remoteKeys.set(idp.jwksUri, keys);
    }
    return (await jwtVerify(assertion, keys, options)).payload;
  }
  const pems = Array.isArray(idp.certificates)
    ? idp.certificates.filter((c): c is string => typeof c === "string")
    : [];
  const alg =
    (JSON.parse(Buffer.from(assertion.split(".")[0] ?? "", "base64url").toString("utf8")) as { alg?: string })
      .alg ?? "";
  for (const pem of pems) {
    try {
      const key = pem.includes("BEGIN CERTIFICATE") ? await importX509(pem, alg) : await importSPKI(pem, alg);
      return (await jwtVerify(assertion, key, options)).payload;
    } catch {
      // try the next certificate (rotation keeps several)
    }
  }
  throw new Error("no certificate verified the assertion");
}

export const jwtBearerGrant: GrantTypeModule = {
  grantType: JWT_BEARER,
  parameters: { required: ["assertion"], optional: ["scope", "validity_period"] },
  setting: {
    displayName: "JWT bearer",
    description: "Exchanges a JWT signed by a trusted identity provider for an access token (RFC 7523).",
    risk: "Anyone holding a key the identity provider trusts can mint assertions.",
    enabled: false,
  },
  async handler({ km, params, client, binding }) {
    const assertion = params.get("assertion") as string;
    let issuer: unknown;
    try {
      issuer = decodeJwt(assertion).iss;
    } catch {
      throw new InvalidGrant("the assertion is not a JWT");
    }
    if (typeof issuer !== "string") throw new InvalidGrant("the assertion has no issuer");
    const idp = await km.db.identityProvider.findUnique({ where: { type_issuer: { type: "OIDC", issuer } } });
    if (!idp?.enabled) throw new InvalidGrant("the assertion's issuer is not trusted");
    let claims: JWTPayload;
    try {
      claims = await verifyWithProvider(km, idp, assertion);
    } catch {
      throw new InvalidGrant("the assertion is invalid");
    }
    const now = Math.floor(km.now().getTime() / 1000);
    if ((claims.exp as number) - now > km.config.assertionMaxLifetimeSeconds + idp.clockSkewSeconds) {
      throw new InvalidGrant("the assertion lives too long");
    }
    const mapping = (idp.mapping ?? {}) as IdentityMapping;
    const subject = claims[mapping.usernameClaim ?? "sub"];
    if (typeof subject !== "string" || !subject) throw new InvalidGrant("the assertion names no user");
    if (claims.jti) {
      try {
        await km.db.replayGuard.create({
          data: {
            key: `jwt-bearer:${idp.id}:${claims.jti}`,
            kind: "jwt-bearer-assertion",
            expiresAt: new Date(((claims.exp as number) + idp.clockSkewSeconds) * 1000),
          },
        });
      } catch {
        throw new InvalidGrant("the assertion was already used");
      }
    }
    // the subject lives in the provider's namespace: a linked (or provisioned) user, never a namesake
    const { user } = await resolveFederatedUser(km, idp, subject, {
      roles: mapping.roles ?? [],
      email: typeof claims.email === "string" ? claims.email : undefined,
      displayName: typeof claims.name === "string" ? claims.name : undefined,
      syncRoles: false,
    });
    const roles = await rolesOfUser(km.db, user.id);
    const scope = await validateScope(km.db, parseScope(params.get("scope")), {
      application: client.application,
      keyType: client.keyType,
      roles,
      userBound: true,
    });
    return issueTokenResponse({
      binding,
      km,
      params,
      client,
      grantType: JWT_BEARER,
      user,
      roles,
      scope,
      refresh: false,
    });
  },
};
