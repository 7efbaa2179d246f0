// The request boundary: whatever a caller sends, the key manager answers it and stays up.
// Raw TLS sockets, because clients normalise exactly the targets that used to kill the process.
import { readFileSync } from "node:fs";
import path from "node:path";
import { connect } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GrantTypeModule } from "../src/grants/registry";
import { createClient, type Platform, snapshot, startPlatform } from "./fixture";

const FAULTY = "urn:portico:params:oauth:grant-type:test-fault";
const logged: string[] = [];

/** A grant whose handler fails the way a bug would: an Error naming a file, with a stack. */
const faultyGrant: GrantTypeModule = {
  grantType: FAULTY,
  parameters: { required: [] },
  setting: { displayName: "fault", description: "fails", enabled: true },
  async handler() {
    throw new Error("ENOENT: no such file or directory, open '/srv/portico/secret/config.json'");
  },
};

let p: Platform;
let ca: string;

beforeAll(async () => {
  p = await startPlatform({ grantTypes: [faultyGrant] });
  ca = readFileSync(path.join(p.dataDir, "tls", "ca.pem"), "utf8");
});
afterAll(async () => p.close());

/** Sends bytes exactly as written over TLS; the status and body of the first answer (0 if none). */
function raw(request: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const socket = connect({ port: p.km.port, host: "localhost", ca, servername: "localhost" });
    let data = "";
    const done = () => {
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), text: data });
    };
    socket.on("secureConnect", () => socket.write(request));
    socket.on("data", (c: Buffer) => {
      data += c.toString("latin1");
      const head = data.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(data)?.[1];
      if (head !== -1 && length !== undefined && data.length >= head + 4 + Number(length)) done();
    });
    socket.on("end", done);
    socket.on("error", done);
    socket.setTimeout(5_000, done);
  });
}

const alive = async () => (await p.fetch(`${p.km.url}/_portico/health`)).status;

describe("request targets the URL parser refuses", () => {
  it.each(["//", "//x:99999/", "//[::1/", "//%zz/", "//a/../oauth2/token", "/%zz", "*", "x", "/\\\\evil/"])(
    "GET %s: a 4xx, and the process still answers",
    async (target) => {
      const r = await raw(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(await alive()).toBe(200);
    },
  );

  it("OPTIONS * is a 400, not a crash", async () => {
    const r = await raw("OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    expect(r.status).toBe(400);
    expect(await alive()).toBe(200);
  });
});

describe("methods", () => {
  it.each(["TRACE", "CONNECT-X", "PROPFIND", "DELETE"])(
    "%s on the token endpoint: 405 with Allow",
    async (m) => {
      const r = await raw(`${m} /oauth2/token HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      if (r.status === 400) return; // Node's parser refuses methods it does not know
      expect(r.status).toBe(405);
      expect(r.text).toMatch(/\r\nallow: POST\r\n/i);
    },
  );
});

describe("CONNECT", () => {
  it("is answered 405, not dropped", async () => {
    const r = await raw("CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\n\r\n");
    expect(r.status).toBe(405);
    expect(await alive()).toBe(200);
  });
});

describe("cookies", () => {
  it.each(["%E0%A4%A", "%", "%zz", "%C0%AE", "\u00ff"])(
    "a malformed session or CSRF cookie (%s) is ignored on /oauth2/authorize",
    async (value) => {
      const query = new URLSearchParams({
        client_id: p.client.clientId,
        redirect_uri: "https://app.example.test/callback",
        response_type: "code",
        scope: "openid",
      });
      const res = await p.fetch(`${p.km.url}/oauth2/authorize?${query}`, {
        headers: { cookie: `__Host-portico-session=${value}; __Host-portico-csrf=${value}` },
      });
      // the login page, as for a browser without a session
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("password");
    },
  );

  it("a malformed cookie on a sign-in POST changes nothing", async () => {
    const before = await snapshot(p.db);
    const res = await p.fetch(`${p.km.url}/oauth2/authorize`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: "__Host-portico-csrf=%E0%A4%A",
      },
      body: new URLSearchParams({
        client_id: p.client.clientId,
        redirect_uri: "https://app.example.test/callback",
        response_type: "code",
        portico_action: "login",
        portico_csrf: "x",
        username: p.developer.username,
        password: p.developer.password,
      }).toString(),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await snapshot(p.db)).toEqual(before);
  });
});

describe("a genuine internal fault", () => {
  it("is a 500 server_error with a correlation id, never a stack or a path; logged with the same id", async () => {
    const km = p.km.keyManager;
    const original = km.log;
    km.log = { log: (level, event, fields) => logged.push(JSON.stringify({ level, event, ...fields })) };
    try {
      const client = await createClient(p.db, { grantTypes: [FAULTY] });
      const res = await p.token({ grant_type: FAULTY }, client);
      expect(res.status).toBe(500);
      expect(res.body.error).toBe("server_error");
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/\/srv\/|ENOENT|at .*\.ts|node:/);
      const id = /\b([0-9a-f]{16})\b/.exec(String(res.body.error_description))?.[1];
      expect(id).toBeTruthy();
      expect(logged.some((l) => l.includes(id as string) && l.includes('"level":"error"'))).toBe(true);
    } finally {
      km.log = original;
    }
    expect(await alive()).toBe(200);
  });
});

describe("stopping", () => {
  it("lets a request in flight finish before the server closes", async () => {
    const other = await startPlatform();
    const otherCa = readFileSync(path.join(other.dataDir, "tls", "ca.pem"), "utf8");
    try {
      const body = new URLSearchParams({ grant_type: "client_credentials" }).toString();
      const socket = connect({
        port: other.km.port,
        host: "localhost",
        ca: otherCa,
        servername: "localhost",
      });
      let data = "";
      socket.on("data", (c: Buffer) => {
        data += c.toString("latin1");
      });
      const ended = new Promise<void>((resolve) => socket.on("close", () => resolve()));
      await new Promise<void>((resolve) => socket.on("secureConnect", () => resolve()));
      const auth = Buffer.from(`${other.client.clientId}:${other.client.secret}`).toString("base64");
      socket.write(
        `POST /oauth2/token HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ${auth}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`,
      );
      await new Promise((r) => setTimeout(r, 200));
      const closed = other.km.close();
      await new Promise((r) => setTimeout(r, 300));
      socket.write(body.slice(5));
      await ended;
      await closed;
      expect(data).toMatch(/^HTTP\/1\.1 200 /);
      expect(data).toContain("access_token");
    } finally {
      await other.close().catch(() => undefined);
    }
  });
});
