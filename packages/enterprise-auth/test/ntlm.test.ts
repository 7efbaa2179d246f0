import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createType1Message, createType3Message, parseType2Message } from "httpntlm/ntlm.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  computeNtHash,
  createMemoryNtlmChallengeStore,
  createNtlmAcceptor,
  EnterpriseAuthError,
  type NtlmAcceptor,
  type NtlmChallengeRecord,
} from "../src/index.ts";

// curl on Linux widens each password byte to UTF-16 (no UTF-8 decoding), so its user has an
// ASCII password; the Unicode one is exercised through httpntlm.
const PASSWORD = `pw-${randomBytes(12).toString("base64url")}`;
const UNICODE_PASSWORD = `Ünïcødé-${randomBytes(6).toString("hex")}-パス`;
const NT_HASHES = new Map([
  ["CORP\\alice", computeNtHash(PASSWORD)],
  ["CORP\\bob", computeNtHash(UNICODE_PASSWORD)],
]);
const lookupNtHash = async (domain: string, user: string) =>
  NT_HASHES.get(`${domain}\\${user.toLowerCase()}`);

async function refusal(promise: Promise<unknown>): Promise<EnterpriseAuthError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EnterpriseAuthError);
    return error as EnterpriseAuthError;
  }
  throw new Error("expected the NTLM message to be refused");
}

describe("NT hash", () => {
  it("matches the MS-NLMP 4.2.1 test vector (js-md4)", () => {
    expect(computeNtHash("Password").toString("hex")).toBe("a4f49c406510bdcab6824ee7c30fd852");
  });
});

describe("NTLMv2 against the MS-NLMP 4.2.4 test vector", () => {
  it("accepts the specification's Type 3 response", async () => {
    const serverChallenge = "0123456789abcdef";
    const store = {
      put: async () => {},
      take: async (): Promise<NtlmChallengeRecord> => ({
        serverChallenge,
        expiresAt: Number.MAX_SAFE_INTEGER,
      }),
    };
    const fileTimeZero = new Date(-11_644_473_600_000); // the vector's timestamp is FILETIME 0
    const acceptor = createNtlmAcceptor({
      challengeStore: store,
      allowedDomains: ["Domain"],
      lookupNtHash: async (domain, user) =>
        domain === "Domain" && user === "User" ? computeNtHash("Password") : undefined,
      now: () => fileTimeZero,
    });
    const avPairs = Buffer.from(
      "02000c0044006f006d00610069006e0001000c005300650072007600650072000000 0000".replace(/ /g, ""),
      "hex",
    );
    const temp = Buffer.concat([
      Buffer.from("0101000000000000", "hex"),
      Buffer.alloc(8),
      Buffer.from("aaaaaaaaaaaaaaaa", "hex"),
      Buffer.alloc(4),
      avPairs,
      Buffer.alloc(4),
    ]);
    const ntResponse = Buffer.concat([Buffer.from("68cd0ab851e51c96aabc927bebef6a1c", "hex"), temp]);
    const type3 = buildType3({
      domain: "Domain",
      user: "User",
      workstation: "COMPUTER",
      ntResponse,
      lmResponse: Buffer.alloc(24),
    });
    expect(await acceptor.handleType3(type3, "vector")).toEqual({
      user: "User",
      domain: "Domain",
      workstation: "COMPUTER",
    });
  });
});

/** A Unicode AUTHENTICATE_MESSAGE laid out by hand from MS-NLMP 2.2.1.3. */
function buildType3(fields: {
  domain: string;
  user: string;
  workstation: string;
  ntResponse: Buffer;
  lmResponse: Buffer;
}): string {
  const payload = [
    fields.lmResponse,
    fields.ntResponse,
    Buffer.from(fields.domain, "utf16le"),
    Buffer.from(fields.user, "utf16le"),
    Buffer.from(fields.workstation, "utf16le"),
    Buffer.alloc(0),
  ];
  const header = Buffer.alloc(64);
  header.write("NTLMSSP\0", 0, "latin1");
  header.writeUInt32LE(3, 8);
  let offset = 64;
  payload.forEach((part, index) => {
    const at = 12 + index * 8;
    header.writeUInt16LE(part.length, at);
    header.writeUInt16LE(part.length, at + 2);
    header.writeUInt32LE(offset, at + 4);
    offset += part.length;
  });
  header.writeUInt32LE(0x00088201, 60); // UNICODE | NTLM | ALWAYS_SIGN | EXTENDED_SESSIONSECURITY
  return Buffer.concat([header, ...payload]).toString("base64");
}

describe("NTLM over HTTP with curl --ntlm as the client", () => {
  let server: Server;
  let port: number;
  let acceptor: NtlmAcceptor;
  const challengeBySocket = new WeakMap<Socket, string>();
  const type3Seen: Array<{ token: string; challengeId: string }> = [];

  beforeAll(async () => {
    acceptor = createNtlmAcceptor({
      challengeStore: createMemoryNtlmChallengeStore(),
      allowedDomains: ["CORP"],
      lookupNtHash,
    });
    // A tiny NTLM-protected endpoint: round one answers Type 1 with Type 2 on the same keep-alive
    // connection, round two verifies Type 3 against the challenge issued on that connection.
    server = createServer(async (request, response) => {
      const header = request.headers.authorization ?? "";
      if (!header.startsWith("NTLM ")) {
        response.writeHead(401, { "WWW-Authenticate": "NTLM" }).end();
        return;
      }
      const token = header.slice(5);
      const type = Buffer.from(token, "base64").readUInt32LE(8);
      try {
        if (type === 1) {
          const { type2, challengeId } = await acceptor.handleType1(token);
          challengeBySocket.set(request.socket, challengeId);
          response.writeHead(401, { "WWW-Authenticate": `NTLM ${type2}` }).end();
          return;
        }
        const challengeId = challengeBySocket.get(request.socket) ?? "";
        type3Seen.push({ token, challengeId });
        const identity = await acceptor.handleType3(token, challengeId);
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(identity));
      } catch (error) {
        response
          .writeHead(401, { "content-type": "application/json" })
          .end(
            JSON.stringify({ code: (error as EnterpriseAuthError).code, message: (error as Error).message }),
          );
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function curl(credentials: string): Promise<{ status: number; body: Record<string, string> }> {
    return new Promise((resolve, reject) => {
      execFile(
        "curl",
        ["-s", "--ntlm", "-u", credentials, "-w", "\n%{http_code}", `http://127.0.0.1:${port}/oauth2/token`],
        { timeout: 20_000 },
        (error, stdout) => {
          if (error) return reject(error);
          const cut = stdout.lastIndexOf("\n");
          resolve({ status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut) || "{}") });
        },
      );
    });
  }

  it("accepts curl's NTLMv2 login with the right password", async () => {
    const { status, body } = await curl(`CORP\\alice:${PASSWORD}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ user: "alice", domain: "CORP" });
  });

  it("accepts the domain in another letter case and reports the configured spelling", async () => {
    const { status, body } = await curl(`corp\\alice:${PASSWORD}`);
    expect(status).toBe(200);
    expect(body.domain).toBe("CORP");
  });

  it("refuses a wrong password", async () => {
    const { status, body } = await curl(`CORP\\alice:${PASSWORD}x`);
    expect(status).toBe(401);
    expect(body.code).toBe("ntlm_credentials_invalid");
  });

  it("refuses an unknown user with the same answer as a wrong password", async () => {
    const { body } = await curl(`CORP\\mallory:${PASSWORD}`);
    expect(body.code).toBe("ntlm_credentials_invalid");
  });

  it("refuses a domain that is not allowed", async () => {
    const { status, body } = await curl(`EVIL\\alice:${PASSWORD}`);
    expect(status).toBe(401);
    expect(body.code).toBe("ntlm_domain_forbidden");
  });

  it("refuses a replayed Type 3, on its own challenge and on a fresh one", async () => {
    const { status } = await curl(`CORP\\alice:${PASSWORD}`);
    expect(status).toBe(200);
    const captured = type3Seen.at(-1);
    if (!captured) throw new Error("no Type 3 captured");
    expect((await refusal(acceptor.handleType3(captured.token, captured.challengeId))).code).toBe(
      "ntlm_challenge_unknown",
    );
    const { challengeId } = await acceptor.handleType1(createType1Message({ domain: "CORP" }).slice(5));
    expect((await refusal(acceptor.handleType3(captured.token, challengeId))).code).toBe(
      "ntlm_credentials_invalid",
    );
  });
});

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
