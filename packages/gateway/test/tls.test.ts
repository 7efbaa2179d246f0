import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { createWorld, eventually, type World } from "./fixtures";

// openssl s_client is the independent peer: it reports what was negotiated, or fails. It runs
// asynchronously, as the gateway under test shares this process's event loop.
async function handshake(
  port: number,
  args: string[],
): Promise<{ ok: boolean; protocol?: string; cipher?: string }> {
  const child = spawn(
    "openssl",
    ["s_client", "-connect", `127.0.0.1:${port}`, "-servername", "localhost", ...args],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stdin.end();
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const result = { status };
  const protocol = /New, (TLSv[\d.]+), Cipher is/.exec(out)?.[1] ?? /Protocol\s*:\s*(\S+)/.exec(out)?.[1];
  const cipher = /Cipher\s*:\s*(\S+)/.exec(out)?.[1] ?? /Cipher is (\S+)/.exec(out)?.[1];
  const ok = result.status === 0 && cipher !== undefined && cipher !== "0000" && cipher !== "(NONE)";
  return { ok, ...(protocol ? { protocol } : {}), ...(cipher ? { cipher } : {}) };
}

let world: World;
let gw: RunningGateway;
let port: number;

beforeAll(async () => {
  world = await createWorld();
  await world.createApi({
    context: "/tls",
    transports: ["https"],
    resources: [{ method: "GET", path: "/x", authRequired: false }],
  });
  gw = await world.start();
  port = Number(new URL(gw.httpsUrl).port);
});

afterAll(async () => world.close());

describe("TLS with the default settings", () => {
  it("refuses TLS 1.0 and 1.1", async () => {
    // SECLEVEL=0 lets the client offer the old protocols at all; the server must still refuse.
    expect((await handshake(port, ["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"])).ok).toBe(false);
    expect((await handshake(port, ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])).ok).toBe(false);
  });

  it("accepts TLS 1.2 with a forward-secret AEAD suite and prefers TLS 1.3", async () => {
    const v12 = await handshake(port, ["-tls1_2"]);
    expect(v12).toMatchObject({ ok: true, protocol: "TLSv1.2" });
    expect(v12.cipher).toMatch(/^ECDHE-ECDSA-(AES\d+-GCM|CHACHA20-POLY1305)/);
    expect(await handshake(port, [])).toMatchObject({ ok: true, protocol: "TLSv1.3" });
  });

  it("refuses weak suites: RC4, 3DES, CBC with SHA-1, non-forward-secret, export, anonymous, NULL", async () => {
    for (const cipher of [
      "RC4-SHA",
      "DES-CBC3-SHA",
      "ECDHE-ECDSA-AES128-SHA",
      "ECDHE-ECDSA-AES256-SHA",
      "AES128-SHA",
      "AES128-GCM-SHA256",
      "EXP-RC4-MD5",
      "ADH-AES128-SHA",
      "aNULL",
      "eNULL",
      "ECDHE-ECDSA-AES128-SHA256",
    ]) {
      expect((await handshake(port, ["-tls1_2", "-cipher", `${cipher}@SECLEVEL=0`])).ok, cipher).toBe(false);
    }
  });

  it("serves an API with default transports over HTTPS only", async () => {
    const api = await world.db.api.create({
      data: {
        name: "Defaults",
        version: "1.0.0",
        context: "/defaults",
        state: "PUBLISHED",
        productionEndpoint: world.upstream.url,
      },
    });
    await world.db.resource.create({
      data: { apiId: api.id, method: "GET", pathTemplate: "/x", authRequired: false },
    });
    await world.change("api", api.id);
    const ca = readFileSync(path.join(world.dir, "tls", "ca.pem"), "utf8");
    const dispatcher = new Agent({ connect: { ca, servername: "localhost" } });
    try {
      await eventually(async () => {
        const r = await request(`https://localhost:${port}/defaults/1.0.0/x`, { dispatcher });
        await r.body.text();
        expect(r.statusCode).toBe(200);
      });
      const plain = await request(`${gw.httpUrl}/defaults/1.0.0/x`);
      expect(plain.statusCode).toBe(403);
      expect(((await plain.body.json()) as { code: string }).code).toBe("transport_not_allowed");
    } finally {
      await dispatcher.close();
    }
  });

  it("serves HTTPS with HSTS", async () => {
    const ca = readFileSync(path.join(world.dir, "tls", "ca.pem"), "utf8");
    const dispatcher = new Agent({ connect: { ca, servername: "localhost" } });
    const r = await request(`https://localhost:${port}/tls/1.0.0/x`, { dispatcher });
    await r.body.text();
    expect(r.statusCode).toBe(200);
    expect(r.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    await dispatcher.close();
  });
});

describe("TLS settings", () => {
  it("honours PORTICO_TLS_MIN_VERSION and PORTICO_TLS_CIPHERS", async () => {
    const custom = await createWorld({ PORTICO_TLS_MIN_VERSION: "TLSv1.3" });
    const onlyAes256 = await createWorld({ PORTICO_TLS_CIPHERS: "ECDHE-ECDSA-AES256-GCM-SHA384" });
    try {
      const tls13 = await custom.start();
      const p13 = Number(new URL(tls13.httpsUrl).port);
      expect((await handshake(p13, ["-tls1_2"])).ok).toBe(false);
      expect(await handshake(p13, ["-tls1_3"])).toMatchObject({ ok: true, protocol: "TLSv1.3" });
      const aes = await onlyAes256.start();
      const pa = Number(new URL(aes.httpsUrl).port);
      expect((await handshake(pa, ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"])).ok).toBe(false);
      expect(await handshake(pa, ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384"])).toMatchObject({
        ok: true,
        cipher: "ECDHE-ECDSA-AES256-GCM-SHA384",
      });
    } finally {
      await custom.close();
      await onlyAes256.close();
    }
  });
});
