// Windows integrated authentication over NTLM (`grant_type=iwa:ntlm`, `windows_token`), in two
// rounds over the token endpoint. NTLMv2 only; verification is @portico/enterprise-auth's
// createNtlmAcceptor against the user's NT hash (User.ntHashEnc, envelope-encrypted with context
// `user-nt-hash:<userId>`). Allowed domains are the enabled IdentityProviders of type NTLM
// (issuer = NetBIOS domain).
//
// Round 1 — `windows_token=<Type 1>` — is answered (decision, see README):
//   HTTP 400, `WWW-Authenticate: NTLM <Type 2>`, body
//   {"error":"invalid_grant",
//    "error_description":"NTLM challenge windows_token=<Type 2> ntlm_challenge_id=<id>"}
// Round 2 — `windows_token=<Type 3>&ntlm_challenge_id=<id>` — gets the token. A challenge is
// single use (a ReplayGuard row of kind `ntlm-challenge`, deleted when answered) and lives 60 s.
import { decryptSecret } from "@portico/crypto";
import type { Db, IdentityProvider } from "@portico/db";
import { createNtlmAcceptor, type NtlmChallengeStore } from "@portico/enterprise-auth";
import { SignInAttempt } from "../abuse/sign-in-attempt";
import { InvalidGrant, InvalidRequest, OAuthError } from "../errors";
import type { KeyManager } from "../key-manager";
import { auditRefusals, enabledProviders, issueEnterpriseToken } from "./enterprise/issue-enterprise-token";
import { type ExternalIdentity, mappedUsername, readMapping } from "./enterprise/map-enterprise-user";
import type { GrantTypeModule } from "./registry";

export const IWA_NTLM = "iwa:ntlm";
const CHALLENGE_TTL_SECONDS = 60;
const SIGNATURE = Buffer.from("NTLMSSP\0", "latin1");

/** Round 1's answer: an invalid_grant carrying the Type 2 challenge and the id to send it back with. */
export class NtlmChallengeIssued extends OAuthError {
  constructor(type2: string, challengeId: string) {
    super("invalid_grant", `NTLM challenge windows_token=${type2} ntlm_challenge_id=${challengeId}`, 400);
    this.headers["WWW-Authenticate"] = `NTLM ${type2}`;
  }
}

/** Outstanding challenges as ReplayGuard rows; `take` deletes, and only the one delete that hits wins. */
function replayGuardChallengeStore(db: Db): NtlmChallengeStore {
  const key = (id: string) => `ntlm:${id}`;
  return {
    async put(challengeId, record) {
      await db.replayGuard.deleteMany({ where: { kind: "ntlm-challenge", expiresAt: { lt: new Date() } } });
      await db.replayGuard.create({
        data: {
          key: key(challengeId),
          kind: "ntlm-challenge",
          expiresAt: new Date(record.expiresAt),
          // the server challenge is not secret (it travels in clear in the Type 2 message)
          data: record.serverChallenge,
        },
      });
    },
    async take(challengeId) {
      const row = await db.replayGuard.findUnique({ where: { key: key(challengeId) } });
      if (row?.kind !== "ntlm-challenge" || !row.data) return undefined;
      const { count } = await db.replayGuard.deleteMany({ where: { key: key(challengeId) } });
      return count === 1 ? { serverChallenge: row.data, expiresAt: row.expiresAt.getTime() } : undefined;
    },
  };
}

function identityOf(user: string, domain: string): ExternalIdentity {
  // Windows user names are case-insensitive; Portico's are not: the lower-case form is the mapped one
  return { user: [user.toLowerCase()], domainUser: [`${domain}\\${user.toLowerCase()}`], domain: [domain] };
}

function providerOf(providers: IdentityProvider[], domain: string): IdentityProvider | undefined {
  return providers.find((p) => p.issuer.toUpperCase() === domain.toUpperCase());
}

/**
 * The linked user's NT hash, or undefined (unlinked, disabled, no hash): the acceptor answers all
 * alike. The attempt is reserved against the user's failed sign-in limit first (the one the login
 * form and the password grant count against), so Windows guesses add to password guesses.
 */
async function lookupNtHash(
  km: KeyManager,
  attempt: SignInAttempt,
  providers: IdentityProvider[],
  domain: string,
  user: string,
): Promise<Buffer | undefined> {
  const idp = providerOf(providers, domain);
  const subject = idp && mappedUsername(readMapping(idp, "user"), identityOf(user, domain));
  // the Windows account acts as a Portico user only once an admin has linked the two
  const linked =
    idp && subject
      ? await km.db.federatedIdentity.findUnique({
          where: { providerId_subject: { providerId: idp.id, subject } },
          select: { user: { select: { id: true, username: true, ntHashEnc: true, disabled: true } } },
        })
      : null;
  const row = linked?.user;
  // counted with the linked user's password guesses; an unlinked one under its Windows name
  // (a backslash never appears in a Portico username)
  await attempt.addUsername(row?.username ?? `${domain}\\${user}`.toLowerCase());
  if (!row?.ntHashEnc || row.disabled) return undefined;
  return Buffer.from(decryptSecret(km.keyring, row.ntHashEnc, `user-nt-hash:${row.id}`), "hex");
}

/** The NTLM message type (1, 2, 3) of a base64 token, or 0 when it is not NTLMSSP. */
function messageType(token: string): number {
  const bytes = Buffer.from(token, "base64");
  if (bytes.length < 12 || !bytes.subarray(0, 8).equals(SIGNATURE)) return 0;
  return bytes.readUInt32LE(8);
}

export const iwaNtlmGrant: GrantTypeModule = {
  grantType: IWA_NTLM,
  parameters: { required: ["windows_token"], optional: ["ntlm_challenge_id", "scope", "validity_period"] },
  setting: {
    displayName: "Windows NTLM",
    description: "Exchanges a Windows NTLMv2 login for an access token.",
    risk: "NTLM is a legacy protocol; only NTLMv2 is accepted.",
    enabled: false,
  },
  async handler(context) {
    const { km, params } = context;
    const providers = await enabledProviders(context, "NTLM", "trusted Windows domain");
    const token = (params.get("windows_token") as string).replace(/^NTLM\s+/i, "").trim();
    const type = messageType(token);
    // a Type 3 is a sign-in attempt: reserved per address now, per user once the message names one
    const attempt =
      type === 3 ? await SignInAttempt.reserve(km, { address: context.sourceAddress }) : undefined;
    const acceptor = createNtlmAcceptor({
      challengeStore: replayGuardChallengeStore(km.db),
      allowedDomains: providers.map((p) => p.issuer),
      lookupNtHash: async (domain, user) =>
        attempt ? lookupNtHash(km, attempt, providers, domain, user) : undefined,
      challengeTtlSeconds: CHALLENGE_TTL_SECONDS,
      clockSkewSeconds: Math.max(...providers.map((p) => p.clockSkewSeconds), 300),
      now: () => km.now(),
    });
    if (type === 1) {
      let challenge: { type2: string; challengeId: string };
      try {
        challenge = await acceptor.handleType1(token);
      } catch (error) {
        if (error instanceof OAuthError) throw error;
        throw new InvalidGrant(error instanceof Error ? error.message : "the NTLM message is malformed");
      }
      throw new NtlmChallengeIssued(challenge.type2, challenge.challengeId);
    }
    const details: Record<string, unknown> = {};
    return auditRefusals(context, "token.grant.ntlm", details, async () => {
      if (type !== 3) throw new InvalidGrant("windows_token must be an NTLM Type 1 or Type 3 message");
      const challengeId = params.get("ntlm_challenge_id");
      if (!challengeId) throw new InvalidRequest("ntlm_challenge_id is required with a Type 3 message");
      const identity = await acceptor.handleType3(token, challengeId);
      await attempt?.succeeded();
      details.domain = identity.domain;
      details.windowsUser = identity.user;
      const idp = providerOf(providers, identity.domain) as IdentityProvider;
      return issueEnterpriseToken(context, {
        action: "token.grant.ntlm",
        grantType: IWA_NTLM,
        idp,
        mapping: readMapping(idp, "user"),
        identity: identityOf(identity.user, identity.domain),
        syncRoles: false,
        details,
      });
    });
  },
};
