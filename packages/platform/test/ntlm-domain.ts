// A Windows domain for tests: a scratch database, a real key manager over HTTPS with the NTLM grant
// enabled, an application's client allowed to use it, the admin REST API (identity providers,
// federated identities, NT hashes) and the NTLM provider `corp` (domain CORP) registered through
// it. Sign-in goes through npm `httpntlm`'s Type 1/Type 3 messages, a client Portico did not write.
import { hashSecret, randomToken } from "@portico/crypto";
import { createType1Message, createType3Message, parseType2Message } from "httpntlm/ntlm.js";
import { fetch as undiciFetch } from "undici";
import { expect } from "vitest";
import { identityProviderRoutes } from "../src/rest/index";
import { makeUser, type Provider, scratchDatabase, tokenIssuer } from "./fixtures";
import { startTestKeyManager } from "./key-manager";
import { serveRestApis } from "./rest-api";

export const NTLM = "iwa:ntlm";
const CHALLENGE = /^NTLM challenge windows_token=([A-Za-z0-9+/]+=*) ntlm_challenge_id=([A-Za-z0-9_-]+)$/;

/** Starts the domain; `root` is its admin, `pat` a publisher whose token carries the admin scope. */
export async function startNtlmDomain(provider: Provider) {
  const { db, drop } = await scratchDatabase(provider);
  const { km, keyring, dispatcher } = await startTestKeyManager(db, "nt-hash", {
    logLevel: "error",
    configuration: { settingsCacheMs: 0 },
  });
  // the key manager registers its grant settings at start; NTLM is off until an admin enables it
  await db.grantTypeSetting.update({ where: { name: NTLM }, data: { enabled: true } });
  const token = await tokenIssuer(db, { keyManagerKeyring: keyring });
  const root = await makeUser(db, "root", ["admin"]);
  const adminToken = await token(root.id, "portico:admin");
  const publisherToken = await token((await makeUser(db, "pat", ["publisher"])).id, "portico:admin");
  // an application's client allowed to use the NTLM grant
  const application = await db.application.create({ data: { name: "Intranet", ownerId: root.id } });
  const resident = await db.keyManager.findFirstOrThrow({ where: { type: "RESIDENT" } });
  const secret = randomToken(24);
  const clientId = `c_${randomToken(9)}`;
  await db.oAuthClient.create({
    data: {
      clientId,
      name: clientId,
      applicationId: application.id,
      keyType: "PRODUCTION",
      keyManagerId: resident.id,
      grantTypes: [NTLM],
      redirectUris: [],
      postLogoutRedirectUris: [],
      tokenEndpointAuthMethod: "client_secret_basic",
      secrets: { create: [{ secretHash: await hashSecret(secret), hint: secret.slice(-4) }] },
    },
  });
  const client = { clientId, secret };
  const base = "/api/admin/v1";
  const server = await serveRestApis(db, [{ base, routes: identityProviderRoutes }], {
    keyring: () => keyring,
  });
  const call = server.caller(base);
  // the Windows domain is configured through the same admin API
  const idp = await call("POST", "/identity-providers", adminToken, {
    type: "NTLM",
    name: "corp",
    domain: "CORP",
  });
  expect(idp.status).toBe(201);
  const providerId: string = idp.body.id;

  async function tokenRequest(form: Record<string, string>) {
    const res = await undiciFetch(`${km.url}/oauth2/token`, {
      method: "POST",
      dispatcher,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString("base64")}`,
      },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** Both NTLM rounds against the key manager, as `username` with `password`, from httpntlm's messages. */
  async function signInWithNtlm(username: string, password: string) {
    const type1 = createType1Message({ domain: "CORP", workstation: "WS1" }).slice("NTLM ".length);
    const round1 = await tokenRequest({ grant_type: NTLM, windows_token: type1 });
    const match = CHALLENGE.exec(String(round1.body.error_description));
    expect(match, JSON.stringify(round1.body)).not.toBeNull();
    const [, type2, challengeId] = match as RegExpExecArray;
    const parsed = parseType2Message(`NTLM ${type2}`, (error) => {
      if (error) throw error;
    });
    const type3 = createType3Message(parsed, {
      username,
      password,
      domain: "CORP",
      workstation: "WS1",
    }).slice(5);
    return tokenRequest({ grant_type: NTLM, windows_token: type3, ntlm_challenge_id: challengeId as string });
  }

  /** Whether the key manager still holds `token` active (RFC 7662, as the NTLM client). */
  async function active(token: string): Promise<unknown> {
    const res = await undiciFetch(`${km.url}/oauth2/introspect`, {
      method: "POST",
      dispatcher,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString("base64")}`,
      },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { active: unknown }).active;
  }

  /** The user's stored (encrypted) NT hash, if any. */
  async function storedHash(userId: string): Promise<string | null> {
    return (await db.user.findUniqueOrThrow({ where: { id: userId } })).ntHashEnc;
  }

  return {
    db,
    keyring,
    call,
    adminToken,
    publisherToken,
    providerId,
    /** issues Portico access tokens (RFC 9068) for a user, as the key manager would */
    issueToken: token,
    signInWithNtlm,
    active,
    storedHash,
    close: async () => {
      await server.close();
      await km.close();
      await dispatcher.close();
      await drop();
    },
  };
}
export type NtlmDomain = Awaited<ReturnType<typeof startNtlmDomain>>;
