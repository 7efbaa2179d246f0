// The NTLM acceptor: the NT hash and NTLMv2 against the MS-NLMP test vectors, then real logins over
// HTTP with curl --ntlm as the client (the httpntlm client is in ntlm-httpntlm.test.ts).
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createType1Message } from "httpntlm/ntlm.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  computeNtHash,
  createMemoryNtlmChallengeStore,
  createNtlmAcceptor,
  type EnterpriseAuthError,
  type NtlmAcceptor,
  type NtlmChallengeRecord,
} from "../src/index.ts";

import { buildType3, lookupNtHash, PASSWORD, refusal } from "./ntlm-peers.ts";

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
