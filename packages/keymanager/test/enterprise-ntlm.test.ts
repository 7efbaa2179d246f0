// The NTLM grant (iwa:ntlm) through the real token endpoint, with NTLM messages from npm
// `httpntlm`, a peer Portico did not write.
import { randomBytes } from "node:crypto";
import { encryptSecret } from "@portico/crypto";
import { computeNtHash } from "@portico/enterprise-auth/nt-hash";
import { createType1Message, createType3Message, parseType2Message } from "httpntlm/ntlm.js";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EnterprisePlatform,
  stateWithoutGuards as enterpriseState,
  lastAudit as lastAuditOf,
  NTLM,
  startEnterprisePlatform,
} from "./enterprise-fixture";
import type { Platform } from "./fixture";

let p: Platform;
let client: EnterprisePlatform["client"];
let enterprise: EnterprisePlatform;
beforeAll(async () => {
  enterprise = await startEnterprisePlatform();
  ({ p, client } = enterprise);
});
afterAll(async () => {
  await enterprise?.close();
});
const stateWithoutGuards = () => enterpriseState(p);
const lastAudit = (action: string) => lastAuditOf(p, action);

describe("NTLM (iwa:ntlm) with messages from npm httpntlm", () => {
  const password = `Wïn-${randomBytes(9).toString("base64url")}`;
  let winnie: { id: string };

  beforeAll(async () => {
    const windows = await p.db.identityProvider.create({
      data: { name: "corp-windows", type: "NTLM", issuer: "CORP" },
    });
    winnie = await p.db.user.create({
      data: { username: "winnie", roles: { create: [{ role: { connect: { name: "developer" } } }] } },
    });
    await p.db.user.update({
      where: { id: winnie.id },
      data: {
        ntHashEnc: encryptSecret(
          p.km.keyManager.keyring,
          computeNtHash(password).toString("hex"),
          `user-nt-hash:${winnie.id}`,
        ),
      },
    });
    await p.db.federatedIdentity.create({
      data: { providerId: windows.id, subject: "winnie", userId: winnie.id },
    });
  });

  const CHALLENGE = /^NTLM challenge windows_token=([A-Za-z0-9+/]+=*) ntlm_challenge_id=([A-Za-z0-9_-]+)$/;

  /** Round 1 through the token endpoint; returns what a client parses out of the answer. */
  async function challenge(domain = "CORP") {
    const type1 = createType1Message({ domain, workstation: "WS1" }).slice("NTLM ".length);
    const res = await p.token({ grant_type: NTLM, windows_token: type1 }, client);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_grant");
    const match = CHALLENGE.exec(String(res.body.error_description));
    expect(match).not.toBeNull();
    const [, type2, challengeId] = match as RegExpExecArray;
    expect(res.headers.get("www-authenticate")).toBe(`NTLM ${type2}`);
    return { type2: type2 as string, challengeId: challengeId as string };
  }
  function type3For(
    type2: string,
    secret: string,
    edit?: (parsed: ReturnType<typeof parseType2Message>) => void,
    username = "Winnie",
  ) {
    const parsed = parseType2Message(`NTLM ${type2}`, (error) => {
      if (error) throw error;
    });
    edit?.(parsed);
    return createType3Message(parsed, {
      username,
      password: secret,
      domain: "CORP",
      workstation: "WS1",
    }).slice(5);
  }
  const answer = (type3: string, challengeId: string) =>
    p.token(
      {
        grant_type: NTLM,
        windows_token: type3,
        ntlm_challenge_id: challengeId,
        scope: "pizza:read pizza:admin",
      },
      client,
    );

  it("gives the Windows user a token in two rounds, with scopes from their Portico roles", async () => {
    const { type2, challengeId } = await challenge();
    expect(await p.db.replayGuard.count({ where: { kind: "ntlm-challenge" } })).toBeGreaterThan(0);
    const res = await answer(type3For(type2, password), challengeId);
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe("pizza:read");
    expect(decodeJwt(res.body.access_token as string).sub).toBe(winnie.id);
    expect((await lastAudit("token.grant.ntlm"))?.details).toMatchObject({
      domain: "CORP",
      windowsUser: "Winnie",
    });
  });

  it("refuses a wrong password, a replayed Type 3 and an NTLMv1 response, changing nothing else", async () => {
    const first = await challenge();
    const good = type3For(first.type2, password);
    expect((await answer(good, first.challengeId)).status).toBe(200);
    const before = await stateWithoutGuards();

    const replay = await answer(good, first.challengeId);
    expect(replay.body).toMatchObject({ error: "invalid_grant" });
    expect(replay.body.error_description).toMatch(/already answered|unknown/);

    const second = await challenge();
    const wrong = await answer(type3For(second.type2, `${password}x`), second.challengeId);
    expect(wrong.body).toMatchObject({
      error: "invalid_grant",
      error_description: "The Windows credentials are not valid.",
    });
    // the challenge was spent by the wrong answer: the right one cannot follow on it
    const late = await answer(type3For(second.type2, password), second.challengeId);
    expect(late.body.error).toBe("invalid_grant");

    const third = await challenge();
    // without extended session security httpntlm answers with LM + NTLMv1 (DES)
    const v1 = type3For(third.type2, password, (parsed) => {
      parsed.negotiateFlags &= ~0x00080000;
    });
    expect(Buffer.from(v1, "base64").readUInt16LE(20)).toBe(24);
    const refused = await answer(v1, third.challengeId);
    expect(refused.body).toMatchObject({ error: "invalid_grant" });
    expect(refused.body.error_description).toMatch(/NTLMv1/);

    const fourth = await challenge();
    const stranger = await answer(type3For(fourth.type2, password, undefined, "nobody"), fourth.challengeId);
    expect(stranger.body.error_description).toBe("The Windows credentials are not valid.");

    expect(await stateWithoutGuards()).toEqual(before);
    const refusals = await p.db.auditEvent.findMany({ where: { action: "token.grant.ntlm.refused" } });
    expect(refusals.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(refusals)).not.toContain(password);
  });

  it("needs the challenge id with a Type 3 message", async () => {
    const { type2 } = await challenge();
    const res = await p.token({ grant_type: NTLM, windows_token: type3For(type2, password) }, client);
    expect(res.body).toMatchObject({ error: "invalid_request" });
  });

  it("is unsupported without a configured Windows domain", async () => {
    await p.db.identityProvider.updateMany({ where: { type: "NTLM" }, data: { enabled: false } });
    try {
      const type1 = createType1Message({ domain: "CORP", workstation: "WS1" }).slice(5);
      const res = await p.token({ grant_type: NTLM, windows_token: type1 }, client);
      expect(res.body.error).toBe("unsupported_grant_type");
    } finally {
      await p.db.identityProvider.updateMany({ where: { type: "NTLM" }, data: { enabled: true } });
    }
  });
});
