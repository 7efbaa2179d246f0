// RFC 8705 at the gateway, with client certificates from a CA this test makes with openssl and
// curl --cert/--key and Node's TLS client as peers: certificate-bound tokens only over a
// connection with their certificate, and APIs that require a certificate from the client CA.
import { execFile, execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, createWorld, type World } from "./fixtures";

const execFileAsync = promisify(execFile);
const pki = mkdtempSync(path.join(tmpdir(), "portico-mtls-"));
const file = (name: string) => path.join(pki, name);
function openssl(...args: string[]) {
  execFileSync("openssl", args, { cwd: pki, stdio: "ignore" });
}

/** A self-signed P-256 certificate `name`.pem with its key `name`.key. */
function selfSigned(name: string, subject: string) {
  openssl(
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.pem`,
    "-days",
    "2",
    "-subj",
    subject,
  );
}

/** A CA, two client certificates it signs, and one self-signed certificate. */
function makePki() {
  selfSigned("ca", "/CN=Portico test client CA");
  for (const name of ["alice", "bob"]) {
    openssl(
      "req",
      "-new",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      `/CN=${name}`,
    );
    openssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "2",
      "-out",
      `${name}.pem`,
    );
  }
  selfSigned("self", "/CN=self");
}

function thumbprint(name: string): string {
  return createHash("sha256")
    .update(new X509Certificate(readFileSync(file(`${name}.pem`))).raw)
    .digest("base64url");
}

let world: World;
let gw: RunningGateway;
let app: Awaited<ReturnType<World["createApplication"]>>;
/** an application that registered alice's certificate in the developer portal */
let registeredApp: Awaited<ReturnType<World["createApplication"]>>;
let base: string;
let serverCa: string;

beforeAll(async () => {
  makePki();
  world = await createWorld({ PORTICO_GATEWAY_CLIENT_CA: file("ca.pem") });
  const bound = await world.createApi({ context: "/bound", resources: [{ method: "GET", path: "/x" }] });
  const strict = await world.createApi({ context: "/strict", resources: [{ method: "GET", path: "/x" }] });
  await world.db.api.update({
    where: { id: strict.id },
    data: { securitySchemes: { mutualTls: { enabled: true } } },
  });
  app = await world.createApplication("tls-app");
  await world.subscribe(app.id, bound.id);
  await world.subscribe(app.id, strict.id);
  registeredApp = await world.createApplication("registered-app");
  await world.subscribe(registeredApp.id, strict.id);
  await world.db.applicationCertificate.create({
    data: {
      applicationId: registeredApp.id,
      pem: readFileSync(file("alice.pem"), "utf8"),
      thumbprint: thumbprint("alice"),
      subjectDn: "CN=alice",
      notAfter: new Date(Date.now() + 86_400_000),
    },
  });
  gw = await world.start();
  base = `https://localhost:${new URL(gw.httpsUrl).port}`;
  serverCa = readFileSync(path.join(world.dir, "tls", "ca.pem"), "utf8");
}, 60_000);

afterAll(async () => {
  await world?.close();
  rmSync(pki, { recursive: true, force: true });
});

/** A call with Node's TLS client (undici), showing `cert` (or none). */
async function call(url: string, headers: Record<string, string>, cert?: string) {
  const dispatcher = new Agent({
    connect: {
      ca: serverCa,
      servername: "localhost",
      ...(cert ? { cert: readFileSync(file(`${cert}.pem`)), key: readFileSync(file(`${cert}.key`)) } : {}),
    },
  });
  try {
    const r = await request(url, { headers, dispatcher });
    const text = await r.body.text();
    return { status: r.statusCode, challenge: r.headers["www-authenticate"], json: JSON.parse(text) };
  } finally {
    await dispatcher.close();
  }
}

describe("certificate-bound tokens (RFC 8705 3)", () => {
  it("accepts a bound token over its certificate, refuses it over another certificate or none", async () => {
    const { token } = await world.mintJwt({
      clientId: app.productionClientId,
      claims: { cnf: { "x5t#S256": thumbprint("alice") } },
    });
    world.upstream.seen.length = 0;
    expect((await call(`${base}/bound/1.0.0/x`, bearer(token), "alice")).status).toBe(200);
    const other = await call(`${base}/bound/1.0.0/x`, bearer(token), "bob");
    expect(other.status).toBe(401);
    expect(other.json.code).toBe("invalid_token");
    expect(other.challenge).toMatch(/^Bearer .*error="invalid_token"/);
    expect((await call(`${base}/bound/1.0.0/x`, bearer(token))).status).toBe(401);
    expect(world.upstream.seen).toHaveLength(1);
  });

  it("binds to a self-signed certificate too (self_signed_tls_client_auth), checked by thumbprint", async () => {
    const { token } = await world.mintJwt({
      clientId: app.productionClientId,
      claims: { cnf: { "x5t#S256": thumbprint("self") } },
    });
    expect((await call(`${base}/bound/1.0.0/x`, bearer(token), "self")).status).toBe(200);
  });

  it("refuses a bound token over plain HTTP, and with curl --cert of another certificate", async () => {
    const { token } = await world.mintJwt({
      clientId: app.productionClientId,
      claims: { cnf: { "x5t#S256": thumbprint("alice") } },
    });
    const plain = await request(`${gw.httpUrl}/bound/1.0.0/x`, { headers: bearer(token) });
    await plain.body.text();
    expect(plain.statusCode).toBe(401);
    // curl runs as a child process: asynchronously, since the gateway answers from this one
    const curl = async (cert: string) =>
      (
        await execFileAsync("curl", [
          "-s",
          "-o",
          "/dev/null",
          "-w",
          "%{http_code}",
          "--cacert",
          path.join(world.dir, "tls", "ca.pem"),
          "--cert",
          file(`${cert}.pem`),
          "--key",
          file(`${cert}.key`),
          "-H",
          `authorization: Bearer ${token}`,
          `${base}/bound/1.0.0/x`,
        ])
      ).stdout;
    expect(await curl("bob")).toBe("401");
    expect(await curl("alice")).toBe("200");
  });
});

describe("APIs that require mutual TLS", () => {
  it("needs a certificate from the client CA besides the token", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId });
    expect((await call(`${base}/strict/1.0.0/x`, bearer(token), "bob")).status).toBe(200);
    const none = await call(`${base}/strict/1.0.0/x`, bearer(token));
    expect(none.status).toBe(401);
    expect(none.json.code).toBe("client_certificate_required");
    const untrusted = await call(`${base}/strict/1.0.0/x`, bearer(token), "self");
    expect(untrusted.status).toBe(401);
    expect(untrusted.json.description).toContain("not issued by a CA");
  });

  it("for an application with registered certificates, only those: another CA-issued certificate is 403", async () => {
    const { token } = await world.mintJwt({ clientId: registeredApp.productionClientId });
    world.upstream.seen.length = 0;
    const other = await call(`${base}/strict/1.0.0/x`, bearer(token), "bob");
    expect(other.status).toBe(403);
    expect(other.json.code).toBe("client_certificate_required");
    expect(other.json.description).toContain("not one registered");
    expect(other.challenge).toMatch(/^Bearer realm=/);
    expect(world.upstream.seen).toHaveLength(0);
    expect((await call(`${base}/strict/1.0.0/x`, bearer(token), "alice")).status).toBe(200);
    expect(world.upstream.seen).toHaveLength(1);
    // the application whose token it is decides, not the certificate: alice's certificate does
    // not make another application's call pass the check, nor fail it
    const { token: unregistered } = await world.mintJwt({ clientId: app.productionClientId });
    expect((await call(`${base}/strict/1.0.0/x`, bearer(unregistered), "alice")).status).toBe(200);
  });
});
