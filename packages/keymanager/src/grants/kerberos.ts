// Kerberos (SPNEGO) as WSO2 offers it: `grant_type=kerberos` with `kerberos_realm` and
// `kerberos_token`, also under `urn:ietf:params:oauth:grant-type:kerberos`. The realm selects an
// IdentityProvider of type KERBEROS (issuer = realm, audience = the service principal, default
// HTTP/<issuer host>, keytabEnc = the uploaded keytab); the ticket is accepted by
// @portico/enterprise-auth's acceptKerberosToken with that keytab, written decrypted into a 0600
// file in a private temporary folder for the one accept and removed right after.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decryptSecret } from "@portico/crypto";
import type { IdentityProvider } from "@portico/db";
import { acceptKerberosToken, EnterpriseAuthError } from "@portico/enterprise-auth";
import { SignInAttempt } from "../abuse/sign-in-attempt";
import { InvalidGrant } from "../errors";
import type { KeyManager } from "../key-manager";
import { auditRefusals, enabledProviders, issueEnterpriseToken } from "./enterprise/issue-enterprise-token";
import { readMapping } from "./enterprise/map-enterprise-user";
import type { GrantContext, GrantTypeModule } from "./registry";

export const KERBEROS = "kerberos";
export const KERBEROS_URN = "urn:ietf:params:oauth:grant-type:kerberos";

// libkrb5's replay cache must outlive one accept (it is what refuses a token used twice), so it
// lives in one private folder per process.
let replayCacheDir: Promise<string> | undefined;
function replayCache(): Promise<string> {
  replayCacheDir ??= mkdtemp(join(tmpdir(), "portico-krb5-rcache-"));
  return replayCacheDir;
}

function servicePrincipalOf(km: KeyManager, idp: IdentityProvider): string {
  return idp.audience ?? `HTTP/${new URL(km.issuer).hostname}`;
}

/** Runs `accept` with the provider's keytab in a 0600 file (and a krb5.conf naming its realm), then removes both. */
async function withKeytab<T>(
  km: KeyManager,
  idp: IdentityProvider,
  accept: (paths: { keytabPath: string; krb5ConfigPath: string }) => Promise<T>,
): Promise<T> {
  if (!idp.keytabEnc)
    throw new EnterpriseAuthError("config_invalid", `identity provider ${idp.name} has no keytab`);
  const keytab = Buffer.from(
    decryptSecret(km.keyring, idp.keytabEnc, `identity-provider:${idp.id}`),
    "base64",
  );
  const folder = await mkdtemp(join(tmpdir(), "portico-keytab-")); // mode 0700
  try {
    const keytabPath = join(folder, "service.keytab");
    const krb5ConfigPath = join(folder, "krb5.conf");
    await writeFile(keytabPath, keytab, { mode: 0o600 });
    // the acceptor needs no KDC; a private krb5.conf keeps the host's (other realm, DNS lookups) out
    await writeFile(
      krb5ConfigPath,
      `[libdefaults]\n  default_realm = ${idp.issuer}\n  dns_lookup_realm = false\n  dns_lookup_kdc = false\n  rdns = false\n  dns_canonicalize_hostname = false\n`,
      { mode: 0o600 },
    );
    return await accept({ keytabPath, krb5ConfigPath });
  } finally {
    keytab.fill(0);
    await rm(folder, { recursive: true, force: true });
  }
}

async function handleKerberos(context: GrantContext, grantType: string) {
  const { km, params } = context;
  const providers = await enabledProviders(context, "KERBEROS", "trusted Kerberos realm");
  const realm = params.get("kerberos_realm") as string;
  const details: Record<string, unknown> = { realm };
  return auditRefusals(context, "token.grant.kerberos", details, async () => {
    const idp = providers.find((p) => p.issuer === realm);
    if (!idp) throw new InvalidGrant("kerberos_realm is not a trusted Kerberos realm");
    details.provider = idp.name;
    const mapping = readMapping(idp, "localPart");
    // a Kerberos token is a sign-in attempt; the principal is only known once it is accepted
    const attempt = await SignInAttempt.reserve(km, { address: context.sourceAddress });
    const rcache = await replayCache();
    await mkdir(rcache, { recursive: true, mode: 0o700 });
    const identity = await withKeytab(km, idp, (paths) =>
      acceptKerberosToken(params.get("kerberos_token") as string, {
        servicePrincipal: servicePrincipalOf(km, idp),
        realmAllowList: [idp.issuer, ...(mapping.allowedRealms ?? [])],
        replayCacheDir: rcache,
        ...paths,
      }),
    );
    await attempt.succeeded();
    details.principal = identity.principal;
    const localPart = identity.principal.slice(0, identity.principal.lastIndexOf("@"));
    return issueEnterpriseToken(context, {
      action: "token.grant.kerberos",
      grantType,
      idp,
      mapping,
      identity: { principal: [identity.principal], localPart: [localPart], realm: [identity.realm] },
      syncRoles: mapping.syncRoles ?? false,
      details,
    });
  });
}

const parameters = {
  required: ["kerberos_realm", "kerberos_token"],
  optional: ["scope", "validity_period"],
} as const;

export const kerberosGrant: GrantTypeModule = {
  grantType: KERBEROS,
  parameters,
  setting: {
    displayName: "Kerberos",
    description: "Exchanges a Kerberos (SPNEGO) service ticket for the key manager's principal.",
    risk: "Off until a Kerberos realm and keytab are configured.",
    enabled: false,
  },
  handler: (context) => handleKerberos(context, KERBEROS),
};

/** The same grant under its URN name; its GrantTypeSetting row is made on first start, off. */
export const kerberosUrnGrant: GrantTypeModule = {
  grantType: KERBEROS_URN,
  parameters,
  setting: {
    displayName: "Kerberos (URN)",
    description: "The Kerberos grant under its URN name; the same parameters as `kerberos`.",
    risk: "Off until a Kerberos realm and keytab are configured.",
    enabled: false,
  },
  handler: (context) => handleKerberos(context, KERBEROS_URN),
};
