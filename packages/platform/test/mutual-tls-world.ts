// The world of the mutual TLS end-to-end test: a client CA and certificates made by openssl, the
// real key manager (trusting that CA for tls_client_auth), a real gateway asking for client
// certificates from it, a backend that records what reaches it, and the developer portal REST API.
import { execFile, execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { request } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ensureLocalTls, MasterKeyring, randomToken } from "@portico/crypto";
import { createUser, type Db } from "@portico/db";
import { type RunningGateway, startGateway } from "@portico/gateway";
import { type RunningKeyManager, startKeyManager } from "@portico/keymanager";
import { loadSettings } from "@portico/settings";
import { Agent, fetch as undiciFetch } from "undici";
import { keyManagerTokenIssuer } from "../src/index";
import { createRestHandler, describeRestApi, devportalRoutes, type Route } from "../src/rest/index";
import { GATEWAY, type Provider, scratchDatabase, serve } from "./fixtures";

const run = promisify(execFile);

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the test reads whatever JSON was answered
  body: any;
  challenge?: string;
}

/** Certificates by name: `<name>.pem`, `<name>.key` in one folder. */
function makePki(dir: string) {
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  const key = (name: string) =>
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", `${name}.key`);
  key("ca");
  openssl("req", "-x509", "-new", "-key", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Client CA");
  for (const name of ["alice", "bob"]) {
    key(name);
    openssl("req", "-new", "-key", `${name}.key`, "-out", `${name}.csr`, "-subj", `/O=Example/CN=${name}`);
    openssl(
      ...["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"],
      ...["-days", "1", "-out", `${name}.pem`],
    );
  }
  key("own");
  openssl("req", "-x509", "-new", "-key", "own.key", "-out", "own.pem", "-days", "1", "-subj", "/CN=own");
}

export async function startMutualTlsWorld(provider: Provider) {
  const { db, drop } = await scratchDatabase(provider);
  const pki = mkdtempSync(path.join(tmpdir(), "portico-mtls-pki-"));
  makePki(pki);
  const pem = (name: string) => readFileSync(path.join(pki, `${name}.pem`), "utf8");
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-mtls-"));
  const keyring = new MasterKeyring([MasterKeyring.generateKey()]);
  const tls = await ensureLocalTls(dataDir);
  const serverCa = path.join(dataDir, "tls", "ca.pem");
  const agent = new Agent({ connect: { ca: tls.ca } });
  const km: RunningKeyManager = await startKeyManager({
    db,
    dataDir,
    keyring,
    port: 0,
    audience: GATEWAY,
    logLevel: "error",
    clientCa: pem("ca"),
    // a removed certificate stops authenticating at once (by default within the 1 s client cache)
    configuration: { settingsCacheMs: 0 },
    portals: { publisherUrl: "http://localhost:3000", devportalUrl: "http://localhost:3001" },
  });
  const seen: IncomingHttpHeaders[] = [];
  const backend = createServer((req, res) => {
    seen.push(req.headers);
    res.end('{"ok":true}');
  });
  backend.listen(0, "127.0.0.1");
  await once(backend, "listening");
  const backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;

  const password = `pw-${randomToken(12)}`;
  const dev = await createUser(db, { username: "mia", password, roles: ["developer"] });
  const gold = await db.throttlingTier.findFirstOrThrow({ where: { name: "Gold", level: "SUBSCRIPTION" } });
  /** A published API; `mutualTls` marks it "mutual TLS required". */
  const createApi = (context: string, mutualTls: boolean) =>
    db.api.create({
      data: {
        name: context.slice(1),
        version: "1.0.0",
        context,
        state: "PUBLISHED",
        productionEndpoint: backendUrl,
        sandboxEndpoint: backendUrl,
        securitySchemes: mutualTls ? { mutualTls: { enabled: true } } : {},
        resources: { create: [{ method: "GET", pathTemplate: "/orders" }] },
      },
    });
  const strict = await createApi("/strict", true);
  const bound = await createApi("/bound", false);

  const settings = loadSettings({
    DATABASE_URL: `file:${path.join(dataDir, "unused.db")}`,
    PORTICO_DATA_DIR: dataDir,
    PORTICO_ISSUER: km.url,
    PORTICO_GATEWAY_URL: GATEWAY,
    PORTICO_MASTER_KEY: keyring.current.key.toString("base64"),
    PORTICO_BACKEND_ALLOW: "127.0.0.0/8",
    PORTICO_GATEWAY_CLIENT_CA: path.join(pki, "ca.pem"),
  });
  const gw: RunningGateway = await startGateway({
    settings,
    db,
    keyring,
    httpPort: 0,
    httpsPort: 0,
    host: "127.0.0.1",
    pollIntervalMs: 200,
    log: () => {},
  });
  const gatewayPort = new URL(gw.httpsUrl).port;

  // the developer's REST token, from the key manager's first-party CLI client
  const cli = await undiciFetch(`${km.url}/oauth2/token`, {
    method: "POST",
    dispatcher: agent,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: "portico-cli",
      username: "mia",
      password,
      scope: "portico:app_manage portico:subscribe",
    }).toString(),
  });
  const restToken = ((await cli.json()) as { access_token: string }).access_token;
  const base = "/api/devportal/v1";
  const handle = createRestHandler(
    base,
    devportalRoutes as Route[],
    () => ({
      db,
      issuer: km.url,
      gatewayUrl: GATEWAY,
      keyring: () => keyring,
      issueApplicationToken: keyManagerTokenIssuer({
        issuer: km.url,
        keyring: () => keyring,
        dispatcher: agent,
      }),
    }),
    () =>
      describeRestApi({
        title: base,
        version: "v1",
        serverUrl: base,
        issuer: km.url,
        routes: devportalRoutes as Route[],
      }),
  );
  const rest = await serve(handle);

  async function restCall(method: string, pathname: string, body?: unknown): Promise<Answer> {
    const res = await fetch(`${rest.url}${base}${pathname}`, {
      method,
      headers: { authorization: `Bearer ${restToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  }

  /** curl --cert/--key as the peer; a form POST to the key manager, or a GET through the gateway. */
  async function curl(
    url: string,
    options: { cert?: string; form?: Record<string, string>; token?: string },
  ) {
    const args = ["-s", "--cacert", serverCa, "-w", "\n%{http_code}\n%header{www-authenticate}"];
    args.push("--resolve", `localhost:${gatewayPort}:127.0.0.1`);
    if (options.cert)
      args.push(
        "--cert",
        path.join(pki, `${options.cert}.pem`),
        "--key",
        path.join(pki, `${options.cert}.key`),
      );
    if (options.form) args.push("--data", new URLSearchParams(options.form).toString());
    if (options.token) args.push("-H", `authorization: Bearer ${options.token}`);
    const { stdout } = await run("curl", [...args, url]);
    const lines = stdout.split("\n");
    const challenge = lines.pop() ?? "";
    const status = Number(lines.pop());
    return { status, body: JSON.parse(lines.join("\n")), challenge } satisfies Answer;
  }

  /** Node's TLS client as the peer: a token request showing `cert` (a fresh connection each time). */
  function nodeToken(form: Record<string, string>, cert?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${km.url}/oauth2/token`,
        {
          method: "POST",
          agent: false,
          ca: tls.ca,
          ...(cert ? { cert: pem(cert), key: readFileSync(path.join(pki, `${cert}.key`)) } : {}),
          headers: { "content-type": "application/x-www-form-urlencoded" },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
            }),
          );
        },
      );
      req.on("error", reject);
      req.end(new URLSearchParams(form).toString());
    });
  }

  async function close() {
    await gw.close();
    await rest.close();
    backend.closeAllConnections();
    backend.close();
    await km.close();
    await agent.close();
    await db.$disconnect();
    await drop();
    rmSync(pki, { recursive: true, force: true });
  }

  return {
    db: db as Db,
    km,
    seen,
    dev,
    gold,
    strict,
    bound,
    pem,
    gatewayUrl: (context: string) => `https://localhost:${gatewayPort}${context}/1.0.0/orders`,
    restCall,
    curl,
    nodeToken,
    close,
  };
}
