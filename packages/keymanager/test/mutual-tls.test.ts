// RFC 8705 at the key manager, with curl (--cert/--key) and Node's TLS client as peers and
// certificates made by openssl: tls_client_auth and self_signed_tls_client_auth client
// authentication, certificate-bound access tokens (JWT and opaque, introspection), refresh tokens
// of public clients bound to the certificate, and the refusals.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import path from "node:path";
import { promisify } from "node:util";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertificateWorkshop, type TestCertificate } from "./client-certificates";
import { createClient, type Platform, PROVIDERS, snapshot, startPlatform } from "./fixture";

const run = promisify(execFile);

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

describe.each(PROVIDERS)("mutual TLS (RFC 8705) at the key manager on %s", (provider) => {
  const certs = new CertificateWorkshop();
  let p: Platform;
  let serverCa: string;
  let ca: TestCertificate;
  let client: TestCertificate; // issued by the client CA to the registered subject
  let stranger: TestCertificate; // issued by the client CA to another subject
  let rogue: TestCertificate; // the registered subject, from another CA
  let own: TestCertificate; // self-signed, registered for the application
  let foreign: TestCertificate; // self-signed, registered for another application
  let tlsClient: { clientId: string };
  let selfClient: { clientId: string };

  /** curl as the peer: a form POST over mutual TLS (or none without a certificate). */
  async function curl(
    endpoint: string,
    form: Record<string, string>,
    cert?: TestCertificate,
  ): Promise<Answer> {
    const args = [
      "-s",
      "--cacert",
      serverCa,
      "-w",
      "\n%{http_code}",
      "--data",
      new URLSearchParams(form).toString(),
    ];
    if (cert) args.push("--cert", cert.certFile, "--key", cert.keyFile);
    const { stdout } = await run("curl", [...args, `${p.km.url}${endpoint}`]);
    const cut = stdout.lastIndexOf("\n");
    return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)), headers: {} };
  }

  /** Node's TLS client as the peer (a fresh connection each time: the certificate is per connection). */
  function node(endpoint: string, form: Record<string, string>, cert?: TestCertificate): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${p.km.url}${endpoint}`,
        {
          method: "POST",
          agent: false,
          ca: readFileSync(serverCa),
          ...(cert ? { cert: cert.pem, key: cert.key } : {}),
          headers: { "content-type": "application/x-www-form-urlencoded" },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
              headers: res.headers,
            }),
          );
        },
      );
      req.on("error", reject);
      req.end(new URLSearchParams(form).toString());
    });
  }

  beforeAll(async () => {
    ca = certs.authority("client-ca");
    certs.authority("other-ca"); // issues the rogue certificate below
    client = certs.issued("client", "/O=Example/CN=orders-client", "client-ca");
    stranger = certs.issued("stranger", "/O=Example/CN=someone-else", "client-ca");
    rogue = certs.issued("rogue", "/O=Example/CN=orders-client", "other-ca");
    own = certs.selfSigned("own", "/CN=orders-self-signed");
    foreign = certs.selfSigned("foreign", "/CN=someone-elses-app");
    p = await startPlatform({ provider, clientCa: ca.pem });
    serverCa = path.join(p.dataDir, "tls", "ca.pem");
    const app = p.application.id;
    const other = await p.db.application.create({ data: { name: "Other app", ownerId: p.developer.id } });
    const notAfter = new Date(Date.now() + 86_400_000);
    // what the developer portal stores when a developer registers these certificates
    await p.db.applicationCertificate.createMany({
      data: [
        {
          applicationId: app,
          pem: client.pem,
          thumbprint: client.thumbprint,
          subjectDn: "CN=orders-client,O=Example",
          notAfter,
        },
        {
          applicationId: app,
          pem: own.pem,
          thumbprint: own.thumbprint,
          subjectDn: "CN=orders-self-signed",
          notAfter,
        },
        {
          applicationId: other.id,
          pem: foreign.pem,
          thumbprint: foreign.thumbprint,
          subjectDn: "CN=someone-elses-app",
          notAfter,
        },
      ],
    });
    tlsClient = await createClient(p.db, {
      applicationId: app,
      keyType: "SANDBOX",
      grantTypes: ["client_credentials"],
      tokenEndpointAuthMethod: "tls_client_auth",
    });
    // a second application holding the same self-signed certificate, whose client authenticates by it
    const third = await p.db.application.create({
      data: { name: "Self-signed app", ownerId: p.developer.id },
    });
    await p.db.applicationCertificate.create({
      data: {
        applicationId: third.id,
        pem: own.pem,
        thumbprint: own.thumbprint,
        subjectDn: "CN=orders-self-signed",
        notAfter,
      },
    });
    selfClient = await createClient(p.db, {
      applicationId: third.id,
      grantTypes: ["client_credentials"],
      tokenEndpointAuthMethod: "self_signed_tls_client_auth",
      tokenType: "OPAQUE",
    });
  }, 60_000);
  afterAll(async () => {
    await p?.close();
    certs.close();
  });

  it("advertises both methods and certificate-bound access tokens", async () => {
    const res = await p.fetch(`${p.km.url}/.well-known/oauth-authorization-server`);
    const meta = (await res.json()) as Record<string, unknown>;
    expect(meta.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["tls_client_auth", "self_signed_tls_client_auth"]),
    );
    expect(meta.tls_client_certificate_bound_access_tokens).toBe(true);
  });

  it("tls_client_auth (curl): a certificate from the client CA with the registered subject gets a token bound to it", async () => {
    const res = await curl(
      "/oauth2/token",
      { grant_type: "client_credentials", client_id: tlsClient.clientId, scope: "pizza:open" },
      client,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.token_type).toBe("Bearer");
    const claims = decodeJwt(res.body.access_token as string);
    expect(claims.cnf).toEqual({ "x5t#S256": client.thumbprint });
    expect(claims.client_id).toBe(tlsClient.clientId);
    expect(res.body.scope).toBe("pizza:open");
  });

  it("tls_client_auth refuses no certificate, another subject, the subject from another CA and a self-signed one", async () => {
    const before = await snapshot(p.db);
    const form = { grant_type: "client_credentials", client_id: tlsClient.clientId };
    for (const [cert, why] of [
      [undefined, /needs a client certificate/],
      [stranger, /subject does not match/],
      [rogue, /not issued by the client CA/],
      [own, /not issued by the client CA/],
    ] as const) {
      const res = await curl("/oauth2/token", form, cert);
      expect(res.status, cert?.certFile ?? "no certificate").toBe(401);
      expect(res.body.error).toBe("invalid_client");
      expect(res.body.error_description).toMatch(why);
    }
    // a secret does not stand in for the certificate
    const withSecret = await curl("/oauth2/token", { ...form, client_secret: "guess" }, client);
    expect(withSecret.status).toBe(401);
    expect(withSecret.body.error).toBe("invalid_client");
    expect(await snapshot(p.db)).toEqual(before);
  });

  it("self_signed_tls_client_auth (Node tls): the registered certificate gets an opaque token whose introspection carries cnf", async () => {
    const res = await node(
      "/oauth2/token",
      { grant_type: "client_credentials", client_id: selfClient.clientId },
      own,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const token = res.body.access_token as string;
    expect(token.split(".")).toHaveLength(1); // opaque
    // the client introspects its own token, authenticated by the same certificate
    const seen = await node("/oauth2/introspect", { token, client_id: selfClient.clientId }, own);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      active: true,
      token_type: "Bearer",
      cnf: { "x5t#S256": own.thumbprint },
    });
  });

  it("self_signed_tls_client_auth refuses another application's certificate, a CA-issued one and none", async () => {
    const before = await snapshot(p.db);
    const form = { grant_type: "client_credentials", client_id: selfClient.clientId };
    for (const cert of [foreign, client, undefined]) {
      const res = await node("/oauth2/token", form, cert);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("invalid_client");
    }
    expect(await snapshot(p.db)).toEqual(before);
  });

  it("a secret client's token over mutual TLS is bound to whatever certificate it showed; without one it is not bound", async () => {
    const form = {
      grant_type: "client_credentials",
      client_id: p.client.clientId,
      client_secret: p.client.secret,
    };
    const bound = await curl("/oauth2/token", form, stranger);
    expect(bound.status).toBe(200);
    expect(decodeJwt(bound.body.access_token as string).cnf).toEqual({ "x5t#S256": stranger.thumbprint });
    const plain = await curl("/oauth2/token", form);
    expect(plain.status).toBe(200);
    expect(decodeJwt(plain.body.access_token as string).cnf).toBeUndefined();
  });

  it("a public client's refresh token is bound to its certificate (RFC 8705 4)", async () => {
    const publicClient = await createClient(p.db, {
      applicationId: null,
      grantTypes: ["password", "refresh_token"],
      tokenEndpointAuthMethod: "none",
    });
    const first = await node(
      "/oauth2/token",
      {
        grant_type: "password",
        client_id: publicClient.clientId,
        username: p.developer.username,
        password: p.developer.password,
      },
      own,
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(decodeJwt(first.body.access_token as string).cnf).toEqual({ "x5t#S256": own.thumbprint });
    const refresh = {
      grant_type: "refresh_token",
      client_id: publicClient.clientId,
      refresh_token: first.body.refresh_token as string,
    };
    const before = await snapshot(p.db);
    for (const cert of [undefined, foreign]) {
      const res = await node("/oauth2/token", refresh, cert);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("invalid_grant");
    }
    // refused before it was spent: the family is intact
    expect(await snapshot(p.db)).toEqual(before);
    const next = await curl("/oauth2/token", refresh, own);
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(decodeJwt(next.body.access_token as string).cnf).toEqual({ "x5t#S256": own.thumbprint });
  });
});

describe("tls_client_auth without a configured client CA", () => {
  const certs = new CertificateWorkshop();
  let p: Platform;

  beforeAll(async () => {
    p = await startPlatform();
  }, 60_000);
  afterAll(async () => {
    await p?.close();
    certs.close();
  });

  it("is invalid_client, however the certificate looks", async () => {
    certs.authority("ca");
    const cert = certs.issued("client", "/CN=orders-client", "ca");
    const app = await p.db.application.create({ data: { name: "No CA", ownerId: p.developer.id } });
    await p.db.applicationCertificate.create({
      data: {
        applicationId: app.id,
        pem: cert.pem,
        thumbprint: cert.thumbprint,
        subjectDn: "CN=orders-client",
        notAfter: new Date(Date.now() + 86_400_000),
      },
    });
    const c = await createClient(p.db, {
      applicationId: app.id,
      grantTypes: ["client_credentials"],
      tokenEndpointAuthMethod: "tls_client_auth",
    });
    const { stdout } = await run("curl", [
      "-s",
      "--cacert",
      path.join(p.dataDir, "tls", "ca.pem"),
      "--cert",
      cert.certFile,
      "--key",
      cert.keyFile,
      "--data",
      `grant_type=client_credentials&client_id=${c.clientId}`,
      `${p.km.url}/oauth2/token`,
    ]);
    const body = JSON.parse(stdout) as Record<string, unknown>;
    expect(body.error).toBe("invalid_client");
    expect(body.error_description).toMatch(/no client CA is configured/);
  });
});
