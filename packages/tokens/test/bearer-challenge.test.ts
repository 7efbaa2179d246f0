// The Bearer challenge as a peer sees it: sent by a real HTTP server, read back from the wire and
// parsed as RFC 7235 auth-params, with hostile values in every parameter.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BearerChallengeParams, bearerChallenge } from "../src/index";

let challenge: BearerChallengeParams = {};
const server = createServer((_req, res) => {
  res.setHeader("www-authenticate", bearerChallenge(challenge));
  res.writeHead(401).end();
});
let url: string;

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** An RFC 7235 auth-param parser, written apart from the code under test. */
function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const match = /^(\S+)(?: (.*))?$/.exec(header);
  if (!match) throw new Error(`not a challenge: ${header}`);
  const params: Record<string, string> = {};
  const rest = match[2] ?? "";
  const param = /([A-Za-z_]+)="((?:[^"\\]|\\.)*)"(?:, |$)/y;
  let consumed = 0;
  for (let m = param.exec(rest); m; m = param.exec(rest)) {
    params[m[1] as string] = (m[2] as string).replace(/\\(.)/g, "$1");
    consumed = param.lastIndex;
  }
  if (consumed !== rest.length) throw new Error(`trailing garbage in ${header}`);
  return { scheme: match[1] as string, params };
}

async function sent(params: BearerChallengeParams) {
  challenge = params;
  const res = await fetch(url);
  expect(res.status).toBe(401);
  return { header: res.headers.get("www-authenticate") ?? "", headers: res.headers };
}

describe("bearerChallenge", () => {
  it("writes the parameters in RFC 6750 order, and only those given", async () => {
    expect(bearerChallenge()).toBe("Bearer");
    expect(bearerChallenge({ realm: "portico" })).toBe('Bearer realm="portico"');
    const { header } = await sent({ scope: "a b", error: "insufficient_scope", realm: "portico" });
    expect(header).toBe('Bearer realm="portico", error="insufficient_scope", scope="a b"');
  });

  it("keeps quotes and backslashes as quoted-pairs, so a peer reads back the same value", async () => {
    const description = 'the "kid" \\ is unknown\\';
    const { header } = await sent({
      realm: 'por"tico',
      error: "invalid_token",
      error_description: description,
    });
    expect(header).toBe(
      'Bearer realm="por\\"tico", error="invalid_token", error_description="the \\"kid\\" \\\\ is unknown\\\\"',
    );
    expect(parseChallenge(header)).toEqual({
      scheme: "Bearer",
      params: { realm: 'por"tico', error: "invalid_token", error_description: description },
    });
  });

  it("never lets CR, LF or other control characters reach the header", async () => {
    const hostile = 'bad\r\nSet-Cookie: stolen=1\r\n\r\n<html>"\u0000\t\u007f';
    const { header, headers } = await sent({
      error: "invalid_token",
      error_description: hostile,
      scope: "a\nb",
    });
    expect(headers.get("set-cookie")).toBeNull();
    expect([...header].filter((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)).toEqual([]);
    expect(parseChallenge(header).params).toEqual({
      error: "invalid_token",
      error_description: 'bad  Set-Cookie: stolen=1    <html>"   ',
      scope: "a b",
    });
  });

  it("turns characters outside ASCII into ?, which every HTTP stack accepts", async () => {
    const { header } = await sent({ error_description: "clé ☃ expired" });
    expect(parseChallenge(header).params.error_description).toBe("cl? ? expired");
  });

  it("makes a value that is only an escape stay inside its quotes", () => {
    const header = bearerChallenge({ error_description: "\\", scope: "x" });
    expect(parseChallenge(header).params).toEqual({ error_description: "\\", scope: "x" });
  });
});
