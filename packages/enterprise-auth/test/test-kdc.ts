// A throwaway MIT Kerberos realm on 127.0.0.1: own krb5.conf/kdc.conf in a tmpdir, a fresh
// database, a user principal with a random password, service principals and a keytab.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REALM = "PORTICO.TEST";

export interface TestKdc {
  dir: string;
  port: number;
  krb5ConfigPath: string;
  /** Keytab holding only HTTP/localhost. */
  keytabPath: string;
  userPrincipal: string;
  userPassword: string;
  /** Environment for Kerberos client tools and processes (KRB5_CONFIG, KRB5CCNAME). */
  clientEnv(ccache: string): NodeJS.ProcessEnv;
  kinit(ccache: string, lifetime?: string): void;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, kdc: ChildProcess, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (kdc.exitCode !== null) throw new Error(`krb5kdc exited with ${kdc.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("krb5kdc did not start listening");
}

export async function startTestKdc(): Promise<TestKdc> {
  const dir = mkdtempSync(join(tmpdir(), "portico-kdc-"));
  let kdc: ChildProcess | undefined;
  try {
    const port = await freePort();
    const krb5ConfigPath = join(dir, "krb5.conf");
    const kdcConfigPath = join(dir, "kdc.conf");
    writeFileSync(
      krb5ConfigPath,
      `[libdefaults]
  default_realm = ${REALM}
  dns_lookup_realm = false
  dns_lookup_kdc = false
  rdns = false
  dns_canonicalize_hostname = false
  udp_preference_limit = 1
  clockskew = 1
[realms]
  ${REALM} = {
    kdc = 127.0.0.1:${port}
  }
[domain_realm]
  localhost = ${REALM}
  .localhost = ${REALM}
`,
    );
    writeFileSync(
      kdcConfigPath,
      `[kdcdefaults]
  kdc_listen = 127.0.0.1:${port}
  kdc_tcp_listen = 127.0.0.1:${port}
[realms]
  ${REALM} = {
    database_name = ${join(dir, "principal")}
    key_stash_file = ${join(dir, "stash")}
    acl_file = ${join(dir, "kadm5.acl")}
    max_life = 1h
    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
  }
[logging]
  kdc = FILE:${join(dir, "kdc.log")}
`,
    );
    writeFileSync(join(dir, "kadm5.acl"), "");
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      KRB5_CONFIG: krb5ConfigPath,
      KRB5_KDC_PROFILE: kdcConfigPath,
    };
    const run = (command: string, args: string[], input?: string) =>
      execFileSync(command, args, { env, input, stdio: ["pipe", "pipe", "pipe"], timeout: 20_000 });

    run("kdb5_util", ["create", "-s", "-r", REALM, "-P", randomBytes(24).toString("hex")]);
    const userPassword = randomBytes(18).toString("base64url");
    const kadmin = (query: string) => run("kadmin.local", ["-r", REALM, "-q", query]);
    kadmin(`addprinc -pw ${userPassword} alice`);
    kadmin("addprinc -randkey HTTP/localhost");
    kadmin("addprinc -randkey HTTP/other.localhost");
    const keytabPath = join(dir, "http.keytab");
    kadmin(`ktadd -k ${keytabPath} HTTP/localhost`);

    kdc = spawn("krb5kdc", ["-n", "-r", REALM], { env, stdio: "ignore" });
    await waitForPort(port, kdc, 10_000);
    const running = kdc;
    // Last resort if the test process dies without reaching afterAll: never leave a KDC behind.
    const killOnExit = () => running.kill("SIGKILL");
    process.once("exit", killOnExit);

    const clientEnv = (ccache: string): NodeJS.ProcessEnv => ({
      PATH: env.PATH,
      KRB5_CONFIG: krb5ConfigPath,
      KRB5CCNAME: `FILE:${ccache}`,
    });
    return {
      dir,
      port,
      krb5ConfigPath,
      keytabPath,
      userPrincipal: `alice@${REALM}`,
      userPassword,
      clientEnv,
      kinit(ccache: string, lifetime?: string) {
        execFileSync("kinit", [...(lifetime ? ["-l", lifetime] : []), `alice@${REALM}`], {
          env: clientEnv(ccache),
          input: `${userPassword}\n`,
          stdio: ["pipe", "pipe", "pipe"],
          timeout: 20_000,
        });
      },
      async stop() {
        process.removeListener("exit", killOnExit);
        if (running.exitCode === null) {
          const exited = new Promise((resolve) => running.once("exit", resolve));
          running.kill("SIGTERM");
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    kdc?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
