// An application's client certificates (RFC 8705) through the developer portal REST API: what
// is stored of a registered certificate, what is refused (and leaves nothing behind), and that a
// second developer can neither see nor remove another's certificates.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "./fixtures";
import { type Platform, startPlatform } from "./platform-server";

let dir: string;

/** A self-signed certificate and its key, made by openssl, valid for a day. */
function certificate(name: string, subject = `/O=Example/CN=${name}`) {
  const key = path.join(dir, `${name}.key`);
  const pem = path.join(dir, `${name}.pem`);
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key].concat(
      ["-out", pem, "-days", "1", "-subj", subject],
    ),
    { stdio: "pipe" },
  );
  const der = execFileSync("openssl", ["x509", "-in", pem, "-outform", "DER"]);
  return {
    pem: readFileSync(pem, "utf8"),
    key: readFileSync(key, "utf8"),
    thumbprint: createHash("sha256").update(der).digest("base64url"),
  };
}

/** A self-signed certificate that expired in 2020, signed with `openssl ca` (which takes explicit dates). */
function expiredCertificate(name: string): string {
  const at = (file: string) => path.join(dir, file);
  writeFileSync(at("index.txt"), "");
  writeFileSync(
    at("ca.cnf"),
    "[ca]\ndefault_ca=old\n[old]\ndatabase=index.txt\nnew_certs_dir=.\nrand_serial=yes\npolicy=any\ndefault_md=sha256\n[any]\ncommonName=supplied\n",
  );
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  run(
    ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"].concat([
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      `/CN=${name}`,
    ]),
  );
  run(
    [
      "ca",
      "-batch",
      "-config",
      "ca.cnf",
      "-selfsign",
      "-keyfile",
      `${name}.key`,
      "-in",
      `${name}.csr`,
    ].concat([
      "-out",
      `${name}.pem`,
      "-startdate",
      "20200101000000Z",
      "-enddate",
      "20200102000000Z",
      "-notext",
    ]),
  );
  return readFileSync(at(`${name}.pem`), "utf8");
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "portico-certificates-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each<Provider>(["sqlite", "postgresql"])("application certificates on %s", (provider) => {
  let p: Platform;
  let appId: string;
  const rows = () => p.db.applicationCertificate.count();

  beforeAll(async () => {
    p = await startPlatform({ dana: ["developer"], eve: ["developer"] }, provider);
    const app = await p.devportal("POST", "/applications", "dana", { name: "Orders" });
    expect(app.status).toBe(201);
    appId = app.body.id;
  }, 60_000);
  afterAll(() => p?.close());

  it("registers a certificate: subject DN, x5t#S256 thumbprint and expiry, listed; removed, gone", async () => {
    const cert = certificate("orders-app");
    const created = await p.devportal("POST", `/applications/${appId}/certificates`, "dana", {
      pem: cert.pem,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      subjectDn: "CN=orders-app,O=Example",
      thumbprint: cert.thumbprint,
      expired: false,
    });
    expect(new Date(created.body.notAfter).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const listed = await p.devportal("GET", `/applications/${appId}/certificates`, "dana");
    expect(listed.body.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    const audit = await p.db.auditEvent.findFirstOrThrow({ where: { action: "certificate.register" } });
    expect(audit.targetId).toBe(appId);

    const removed = await p.devportal(
      "DELETE",
      `/applications/${appId}/certificates/${created.body.id}`,
      "dana",
    );
    expect(removed.status).toBe(204);
    expect((await p.devportal("GET", `/applications/${appId}/certificates`, "dana")).body).toEqual([]);
    const again = await p.devportal(
      "DELETE",
      `/applications/${appId}/certificates/${created.body.id}`,
      "dana",
    );
    expect(again.status).toBe(404);
  });

  it("refuses garbage, a private key, a chain, an expired certificate and a duplicate, storing nothing", async () => {
    const cert = certificate("refusals");
    const post = (pem: unknown) =>
      p.devportal("POST", `/applications/${appId}/certificates`, "dana", { pem });
    const before = await rows();

    for (const garbage of [
      "hello",
      "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----",
      42,
    ]) {
      const res = await post(garbage);
      expect(res.status, String(garbage)).toBe(400);
      expect(res.body.code).toBe("VALIDATION_FAILED");
      expect(res.body.details.fields[0].field).toBe("pem");
    }
    const key = await post(cert.key);
    expect(key.status).toBe(400);
    expect(key.body.details.fields[0]).toMatchObject({ field: "pem" });
    expect(key.body.message).toMatch(/private key/);
    // nothing of the key is echoed back or kept in the audit log
    const keyBody = cert.key.split("\n")[1] as string;
    expect(JSON.stringify(key.body)).not.toContain(keyBody);
    // a certificate and its key pasted together is still a key pasted by mistake
    expect((await post(`${cert.pem}\n${cert.key}`)).body.message).toMatch(/private key/);

    const other = certificate("other");
    const chain = await post(`${cert.pem}${other.pem}`);
    expect(chain.status).toBe(400);
    expect(chain.body.message).toMatch(/one certificate/);

    const expired = await post(expiredCertificate("expired"));
    expect(expired.status).toBe(400);
    expect(expired.body.message).toMatch(/expired/);
    expect(await rows()).toBe(before);

    expect((await post(cert.pem)).status).toBe(201);
    const duplicate = await post(cert.pem);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.details.fields[0].field).toBe("pem");
    expect(await rows()).toBe(before + 1);
    const audit = await p.db.auditEvent.findMany({ where: { targetId: appId } });
    expect(JSON.stringify(audit)).not.toContain(keyBody);
  });

  it("racing registrations of one certificate store it once; at most five per application", async () => {
    const { id: raceApp } = (await p.devportal("POST", "/applications", "dana", { name: "Race" })).body;
    const cert = certificate("race");
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        p.devportal("POST", `/applications/${raceApp}/certificates`, "dana", { pem: cert.pem }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const n of [1, 2, 3, 4])
      expect(
        (
          await p.devportal("POST", `/applications/${raceApp}/certificates`, "dana", {
            pem: certificate(`race-${n}`).pem,
          })
        ).status,
      ).toBe(201);
    const sixth = await p.devportal("POST", `/applications/${raceApp}/certificates`, "dana", {
      pem: certificate("race-6").pem,
    });
    expect(sixth.status).toBe(409);
    expect(sixth.body.message).toMatch(/at most 5/);
    expect(await p.db.applicationCertificate.count({ where: { applicationId: raceApp } })).toBe(5);
  });

  it("another developer can neither see, add to nor remove an application's certificates", async () => {
    const cert = certificate("dana-only");
    const created = await p.devportal("POST", `/applications/${appId}/certificates`, "dana", {
      pem: cert.pem,
    });
    expect(created.status).toBe(201);
    const before = await rows();
    expect((await p.devportal("GET", `/applications/${appId}/certificates`, "eve")).status).toBe(404);
    const add = await p.devportal("POST", `/applications/${appId}/certificates`, "eve", {
      pem: certificate("eve").pem,
    });
    expect(add.status).toBe(404);
    const remove = await p.devportal(
      "DELETE",
      `/applications/${appId}/certificates/${created.body.id}`,
      "eve",
    );
    expect(remove.status).toBe(404);
    // eve's own application cannot reach dana's certificate by id either
    const { id: eveApp } = (await p.devportal("POST", "/applications", "eve", { name: "Eve app" })).body;
    const viaOwn = await p.devportal(
      "DELETE",
      `/applications/${eveApp}/certificates/${created.body.id}`,
      "eve",
    );
    expect(viaOwn.status).toBe(404);
    expect(await rows()).toBe(before);
    expect((await p.devportal("GET", `/applications/${appId}/certificates`, null)).status).toBe(401);
  });

  it("removing a certificate revokes the application's tokens bound to it, and only those", async () => {
    const { id: app } = (await p.devportal("POST", "/applications", "dana", { name: "Bound" })).body;
    expect(
      (
        await p.devportal("POST", `/applications/${app}/keys`, "dana", {
          keyType: "PRODUCTION",
          grantTypes: ["client_credentials"],
        })
      ).status,
    ).toBe(201);
    const client = await p.db.oAuthClient.findFirstOrThrow({ where: { applicationId: app } });
    const cert = certificate("bound");
    const created = await p.devportal("POST", `/applications/${app}/certificates`, "dana", { pem: cert.pem });
    const token = (claims: object | undefined) =>
      p.db.accessToken.create({
        data: {
          jti: crypto.randomUUID(),
          format: "JWT",
          clientId: client.id,
          applicationId: app,
          keyType: "PRODUCTION",
          scope: "",
          grantType: "client_credentials",
          expiresAt: new Date(Date.now() + 3600_000),
          ...(claims ? { claims } : {}),
        },
      });
    const bound = await token({ cnf: { "x5t#S256": cert.thumbprint } });
    const otherCert = await token({ cnf: { "x5t#S256": "another-thumbprint" } });
    const bearer = await token(undefined);
    expect(
      (await p.devportal("DELETE", `/applications/${app}/certificates/${created.body.id}`, "dana")).status,
    ).toBe(204);
    const revoked = async (id: string) =>
      (await p.db.accessToken.findUniqueOrThrow({ where: { id } })).revokedAt !== null;
    expect(await revoked(bound.id)).toBe(true);
    expect(await revoked(otherCert.id)).toBe(false);
    expect(await revoked(bearer.id)).toBe(false);
    const event = await p.db.changeEvent.findFirst({
      where: { topic: "token.revoked", entityId: bound.jti },
    });
    expect(event).not.toBeNull();
  });

  it("keys choose their token endpoint auth method; only the offered ones, and nothing is created otherwise", async () => {
    const { id: app } = (await p.devportal("POST", "/applications", "dana", { name: "Methods" })).body;
    const clients = () => p.db.oAuthClient.count({ where: { applicationId: app } });
    for (const method of ["private_key_jwt", "none", "tls_client_auth ", 7]) {
      const res = await p.devportal("POST", `/applications/${app}/keys`, "dana", {
        keyType: "PRODUCTION",
        grantTypes: ["client_credentials"],
        tokenEndpointAuthMethod: method,
      });
      expect(res.status, String(method)).toBe(400);
      expect(res.body.details.fields[0].field).toBe("tokenEndpointAuthMethod");
    }
    expect(await clients()).toBe(0);
    const res = await p.devportal("POST", `/applications/${app}/keys`, "dana", {
      keyType: "PRODUCTION",
      grantTypes: ["client_credentials"],
      tokenEndpointAuthMethod: "self_signed_tls_client_auth",
    });
    expect(res.status).toBe(201);
    expect(res.body.consumerSecret).toBeUndefined();
    expect(res.body.secrets).toEqual([]);
    const listed = await p.devportal("GET", `/applications/${app}/keys`, "dana");
    expect(listed.body[0].tokenEndpointAuthMethod).toBe("self_signed_tls_client_auth");
  });
});
