// NTLM with npm httpntlm as a second, independent client: NTLMv2 (ASCII and Unicode passwords),
// the refused legacy responses (NTLMv1, NTLM2 session security, LM only), expired challenges,
// clock skew and malformed tokens.
import { createType1Message, createType3Message, parseType2Message } from "httpntlm/ntlm.js";
import { describe, expect, it } from "vitest";
import { createMemoryNtlmChallengeStore, createNtlmAcceptor, type NtlmAcceptor } from "../src/index.ts";
import { lookupNtHash, PASSWORD, refusal, UNICODE_PASSWORD } from "./ntlm-peers.ts";

describe("NTLM with httpntlm as a second client", () => {
  function makeAcceptor(clock: { now: number }, extra: { challengeTtlSeconds?: number } = {}) {
    return createNtlmAcceptor({
      challengeStore: createMemoryNtlmChallengeStore(),
      allowedDomains: ["CORP"],
      lookupNtHash,
      now: () => new Date(clock.now),
      ...extra,
    });
  }

  async function roundTrip(
    acceptor: NtlmAcceptor,
    password: string,
    editType2?: (type2: ReturnType<typeof parseType2Message>) => void,
    username = "alice",
  ) {
    const { type2, challengeId } = await acceptor.handleType1(
      createType1Message({ domain: "CORP", workstation: "WS1" }).slice(5),
    );
    const parsed = parseType2Message(`NTLM ${type2}`, (error) => {
      if (error) throw error;
    });
    editType2?.(parsed);
    const type3 = createType3Message(parsed, {
      username,
      password,
      domain: "CORP",
      workstation: "WS1",
    }).slice(5);
    return { type3, challengeId };
  }

  it("accepts httpntlm's NTLMv2 Type 3", async () => {
    const acceptor = makeAcceptor({ now: Date.now() });
    const { type3, challengeId } = await roundTrip(acceptor, PASSWORD);
    expect(await acceptor.handleType3(type3, challengeId)).toEqual({
      user: "alice",
      domain: "CORP",
      workstation: "WS1",
    });
  });

  it("accepts a Unicode password (NT hash over UTF-16LE)", async () => {
    const acceptor = makeAcceptor({ now: Date.now() });
    const { type3, challengeId } = await roundTrip(acceptor, UNICODE_PASSWORD, undefined, "bob");
    expect((await acceptor.handleType3(type3, challengeId)).user).toBe("bob");
  });

  it("refuses an NTLMv1 (LM + NT DES) response computed with the right password", async () => {
    const acceptor = makeAcceptor({ now: Date.now() });
    // Without extended session security in the Type 2, httpntlm falls back to LM + NTLMv1 (DES).
    const { type3, challengeId } = await roundTrip(acceptor, PASSWORD, (type2) => {
      type2.negotiateFlags &= ~0x00080000;
    });
    expect(Buffer.from(type3, "base64").readUInt16LE(20)).toBe(24);
    const error = await refusal(acceptor.handleType3(type3, challengeId));
    expect(error.code).toBe("ntlm_version_forbidden");
    expect(error.message).toMatch(/NTLMv1/);
  });

  it("refuses an NTLMv1 session-security (NTLM2) response", async () => {
    const acceptor = makeAcceptor({ now: Date.now() });
    const { type3, challengeId } = await roundTrip(acceptor, PASSWORD, (type2) => {
      delete type2.targetInfo;
    });
    expect((await refusal(acceptor.handleType3(type3, challengeId))).code).toBe("ntlm_version_forbidden");
  });

  it("refuses an LM-only response", async () => {
    const acceptor = makeAcceptor({ now: Date.now() });
    const { type3, challengeId } = await roundTrip(acceptor, PASSWORD, (type2) => {
      type2.negotiateFlags &= ~0x00080000;
    });
    const lmOnly = Buffer.from(type3, "base64");
    lmOnly.writeUInt16LE(0, 20); // NtChallengeResponseLen
    lmOnly.writeUInt16LE(0, 22);
    const error = await refusal(acceptor.handleType3(lmOnly.toString("base64"), challengeId));
    expect(error.code).toBe("ntlm_version_forbidden");
    expect(error.message).toMatch(/LM authentication/);
  });

  it("refuses an answer to an expired challenge", async () => {
    const clock = { now: Date.now() };
    const acceptor = makeAcceptor(clock);
    const { type3, challengeId } = await roundTrip(acceptor, PASSWORD);
    clock.now += 61_000;
    expect((await refusal(acceptor.handleType3(type3, challengeId))).code).toBe("ntlm_challenge_unknown");
  });

  it("refuses a response whose timestamp is outside the clock skew", async () => {
    const clock = { now: Date.now() };
    const acceptor = makeAcceptor(clock, { challengeTtlSeconds: 3600 });
    const { type3, challengeId } = await roundTrip(acceptor, PASSWORD);
    clock.now += 10 * 60_000;
    expect((await refusal(acceptor.handleType3(type3, challengeId))).code).toBe(
      "ntlm_timestamp_out_of_range",
    );
  });

  it("refuses malformed tokens", async () => {
    const acceptor = makeAcceptor({ now: Date.now() });
    expect((await refusal(acceptor.handleType1("not base64!"))).code).toBe("ntlm_message_malformed");
    expect(
      (await refusal(acceptor.handleType1(Buffer.from("hello there, world").toString("base64")))).code,
    ).toBe("ntlm_message_malformed");
    const { challengeId } = await acceptor.handleType1(createType1Message({ domain: "CORP" }).slice(5));
    const truncated = Buffer.from("NTLMSSP\0\x03\0\0\0\0\0\0\0\0\0\0\0", "latin1").toString("base64");
    expect((await refusal(acceptor.handleType3(truncated, challengeId))).code).toBe("ntlm_message_malformed");
  });
});
