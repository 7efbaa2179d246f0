import { writeFileSync } from "node:fs";
import { createServer as createHttpsServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { generateLocalCa, issueClientCertificate, issueServerCertificate } from "@portico/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createWorld, type World } from "./fixtures";

let world: World;
let caFile: string;
const servers: Server[] = [];
const arrived: string[] = [];

/** An HTTPS backend on port 0 with a certificate of the given CA for the given names. */
async function httpsBackend(
  ca: { cert: string; key: string },
  names: { dns: string[]; ip: string[] },
  tag: string,
): Promise<string> {
  const { cert, key } = await issueServerCertificate(ca, names);
  const server = createHttpsServer({ cert, key }, (req, res) => {
    arrived.push(`${tag} ${req.method} ${req.url}`);
    res.writeHead(200, { "content-type": "text/plain" }).end(tag);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const open = [{ method: "GET", path: "/x", authRequired: false }];

beforeAll(async () => {
  world = await createWorld();
  const ca = await generateLocalCa("Backend test CA");
  const stranger = await generateLocalCa("Someone else's CA");
  caFile = path.join(world.dir, "backend-ca.pem");
  writeFileSync(caFile, ca.cert);
  const local = { dns: ["localhost"], ip: ["127.0.0.1"] };
  const backends: [string, string][] = [
    ["/trusted", await httpsBackend(ca, local, "trusted")],
    ["/misnamed", await httpsBackend(ca, { dns: ["elsewhere.example"], ip: [] }, "misnamed")],
    ["/unknown-ca", await httpsBackend(stranger, local, "stranger")],
  ];
  for (const [context, productionEndpoint] of backends)
    await world.createApi({ context, productionEndpoint, resources: open });
  await world.createApi({
    context: "/fallback",
    productionEndpoint: await httpsBackend(stranger, local, "stranger"),
    productionFailovers: [`${world.upstream.url}/plain`],
    resources: open,
  });
});

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  await world.close();
});

describe("HTTPS backends", () => {
  it("are verified against Node's CA bundle by default: a private CA's backend is refused with 502", async () => {
    const gw = await world.start();
    arrived.length = 0;
    const r = await call(`${gw.httpUrl}/trusted/1.0.0/x`);
    expect([r.status, r.json().code]).toEqual([502, "backend_error"]);
    expect(r.json().description).toContain("TLS");
    expect(arrived).toEqual([]);
  });

  it("trust the CAs in PORTICO_BACKEND_CA, and still check the host name and the issuer", async () => {
    const gw = await world.start({ settings: { ...world.settings, PORTICO_BACKEND_CA: caFile } });
    arrived.length = 0;
    const trusted = await call(`${gw.httpUrl}/trusted/1.0.0/x?q=1`);
    expect([trusted.status, trusted.text]).toEqual([200, "trusted"]);
    expect(arrived).toEqual(["trusted GET /x?q=1"]);
    for (const refused of ["misnamed", "unknown-ca"]) {
      const r = await call(`${gw.httpUrl}/${refused}/1.0.0/x`);
      expect([r.status, r.json().code], refused).toEqual([502, "backend_error"]);
    }
    expect(arrived).toEqual(["trusted GET /x?q=1"]);
  });

  it("pass a backend that fails verification over for its failover, as nothing was sent to it", async () => {
    const gw = await world.start({ settings: { ...world.settings, PORTICO_BACKEND_CA: caFile } });
    world.upstream.seen.length = 0;
    const r = await call(`${gw.httpUrl}/fallback/1.0.0/x`);
    expect(r.status).toBe(200);
    expect(world.upstream.seen.map((s) => s.url)).toEqual(["/plain/x"]);
  });

  it("refuse to start with a PORTICO_BACKEND_CA that holds no certificate, naming the setting", async () => {
    const bad = path.join(world.dir, "not-a-ca.pem");
    writeFileSync(bad, "hello");
    await expect(world.start({ settings: { ...world.settings, PORTICO_BACKEND_CA: bad } })).rejects.toThrow(
      /PORTICO_BACKEND_CA: .* holds no PEM certificate/,
    );
    await expect(
      world.start({
        settings: { ...world.settings, PORTICO_BACKEND_CA: path.join(world.dir, "missing.pem") },
      }),
    ).rejects.toThrow(/PORTICO_BACKEND_CA: .* cannot be read \(ENOENT\)/);
  });
});

describe("mutual TLS with backends", () => {
  it("shows the PORTICO_BACKEND_CLIENT_CERT certificate to backends that require one; without it they refuse", async () => {
    const serverCa = await generateLocalCa("Backend server CA");
    const clientCa = await generateLocalCa("Gateway client CA");
    const trust = path.join(world.dir, "mtls-server-ca.pem");
    writeFileSync(trust, serverCa.cert);
    const client = await issueClientCertificate(clientCa, "portico-gateway");
    const [certFile, keyFile] = [path.join(world.dir, "client.pem"), path.join(world.dir, "client-key.pem")];
    writeFileSync(certFile, client.cert);
    writeFileSync(keyFile, client.key);
    // a backend that accepts only clients with a certificate of the gateway's CA
    const { cert, key } = await issueServerCertificate(serverCa, { dns: ["localhost"], ip: ["127.0.0.1"] });
    const peers: string[] = [];
    const strict = createHttpsServer(
      { cert, key, ca: clientCa.cert, requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        const peer = (req.socket as import("node:tls").TLSSocket).getPeerCertificate();
        peers.push(String(peer.subject.CN));
        res.writeHead(200, { "content-type": "text/plain" }).end("mutual");
      },
    );
    await new Promise<void>((r) => strict.listen(0, "127.0.0.1", r));
    servers.push(strict);
    await world.createApi({
      context: "/mtls",
      productionEndpoint: `https://127.0.0.1:${(strict.address() as AddressInfo).port}`,
      resources: open,
    });

    const settings = { ...world.settings, PORTICO_BACKEND_CA: trust };
    const anonymous = await world.start({ settings });
    const refused = await call(`${anonymous.httpUrl}/mtls/1.0.0/x`);
    expect([refused.status, refused.json().code]).toEqual([502, "backend_error"]);
    expect(peers).toEqual([]);

    const identified = await world.start({
      settings: { ...settings, PORTICO_BACKEND_CLIENT_CERT: certFile, PORTICO_BACKEND_CLIENT_KEY: keyFile },
    });
    const accepted = await call(`${identified.httpUrl}/mtls/1.0.0/x`);
    expect([accepted.status, accepted.text]).toEqual([200, "mutual"]);
    expect(peers).toEqual(["portico-gateway"]);

    // a key that is not the certificate's stops the gateway, naming the setting
    const other = await issueClientCertificate(clientCa, "someone-else");
    const otherKey = path.join(world.dir, "other-key.pem");
    writeFileSync(otherKey, other.key);
    await expect(
      world.start({
        settings: {
          ...settings,
          PORTICO_BACKEND_CLIENT_CERT: certFile,
          PORTICO_BACKEND_CLIENT_KEY: otherKey,
        },
      }),
    ).rejects.toThrow(/PORTICO_BACKEND_CLIENT_KEY: the key is not the one of PORTICO_BACKEND_CLIENT_CERT/);
  });
});
