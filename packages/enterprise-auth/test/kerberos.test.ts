import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AcceptKerberosOptions, acceptKerberosToken, EnterpriseAuthError } from "../src/index.ts";
import { REALM, startTestKdc, type TestKdc } from "./test-kdc.ts";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

let kdc: TestKdc;
let ccache: string;
let acceptorOptions: AcceptKerberosOptions;

beforeAll(async () => {
  kdc = await startTestKdc();
  ccache = join(kdc.dir, "alice.ccache");
  kdc.kinit(ccache);
  const replayCacheDir = join(kdc.dir, "rcache");
  mkdirSync(replayCacheDir);
  acceptorOptions = {
    servicePrincipal: "HTTP/localhost",
    keytabPath: kdc.keytabPath,
    realmAllowList: [REALM],
    krb5ConfigPath: kdc.krb5ConfigPath,
    replayCacheDir,
  };
});
afterAll(async () => {
  await kdc?.stop();
});

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, cwd: PACKAGE_DIR, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${stderr}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

/** A client-side GSS token from npm `kerberos` (MIT libgssapi underneath), made in its own process. */
async function clientToken(service: string, mechanism: "krb5" | "spnego", cache = ccache): Promise<string> {
  const script = `
    import kerberos from "kerberos";
    const client = await kerberos.initializeClient(${JSON.stringify(service)}, {
      mechOID: kerberos.${mechanism === "krb5" ? "GSS_MECH_OID_KRB5" : "GSS_MECH_OID_SPNEGO"},
    });
    process.stdout.write(await client.step(""));`;
  return (await run(process.execPath, ["--input-type=module", "-e", script], kdc.clientEnv(cache))).trim();
}

async function refusal(promise: Promise<unknown>): Promise<EnterpriseAuthError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EnterpriseAuthError);
    return error as EnterpriseAuthError;
  }
  throw new Error("expected the Kerberos token to be refused");
}

describe("Kerberos against a real MIT KDC", () => {
  it("accepts a SPNEGO token sent by curl --negotiate to an HTTP endpoint", async () => {
    const seenTokens: string[] = [];
    const server: Server = createServer(async (request, response) => {
      const header = request.headers.authorization ?? "";
      if (!header.startsWith("Negotiate ")) {
        response.writeHead(401, { "WWW-Authenticate": "Negotiate" }).end();
        return;
      }
      seenTokens.push(header.slice("Negotiate ".length));
      try {
        const identity = await acceptKerberosToken(header, acceptorOptions);
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(identity));
      } catch (error) {
        response
          .writeHead(401, { "content-type": "application/json" })
          .end(JSON.stringify({ code: (error as EnterpriseAuthError).code }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const body = await run(
        "curl",
        [
          "-s",
          "--negotiate",
          "-u",
          ":",
          "--resolve",
          `localhost:${port}:127.0.0.1`,
          `http://localhost:${port}/token`,
        ],
        kdc.clientEnv(ccache),
      );
      const identity = JSON.parse(body) as { principal: string; realm: string };
      expect(identity.principal).toBe(kdc.userPrincipal);
      expect(identity.realm).toBe(REALM);
      // curl spoke SPNEGO: the GSS framing carries the SPNEGO mechanism OID 1.3.6.1.5.5.2
      const first = Buffer.from(seenTokens[0] ?? "", "base64");
      expect(first.subarray(0, 12).includes(Buffer.from("2b0601050502", "hex"))).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("accepts a raw Kerberos 5 GSS token from the npm kerberos client, and refuses its replay", async () => {
    const token = await clientToken("HTTP@localhost", "krb5");
    const identity = await acceptKerberosToken(token, acceptorOptions);
    expect(identity).toMatchObject({ principal: kdc.userPrincipal, realm: REALM });
    const replay = await refusal(acceptKerberosToken(token, acceptorOptions));
    expect(replay.code).toBe("kerberos_token_rejected");
    expect(replay.message).toMatch(/already used/);
  });

  it("refuses a token for another service", async () => {
    const token = await clientToken("HTTP@other.localhost", "spnego");
    const error = await refusal(acceptKerberosToken(token, acceptorOptions));
    expect(error.code).toBe("kerberos_token_rejected");
    expect(error.message).toMatch(/not for this service/);
  });

  it("refuses a principal from a realm that is not allowed", async () => {
    const token = await clientToken("HTTP@localhost", "spnego");
    const error = await refusal(
      acceptKerberosToken(token, { ...acceptorOptions, realmAllowList: ["CORP.EXAMPLE"] }),
    );
    expect(error.code).toBe("kerberos_realm_forbidden");
  });

  it("refuses garbage, before and after the GSS framing check", async () => {
    expect((await refusal(acceptKerberosToken("%%%not-base64%%%", acceptorOptions))).code).toBe(
      "kerberos_token_malformed",
    );
    expect(
      (await refusal(acceptKerberosToken(Buffer.from("hello world").toString("base64"), acceptorOptions)))
        .code,
    ).toBe("kerberos_token_malformed");
    // well framed (0x60, Kerberos 5 OID) but the AP-REQ inside is junk: libkrb5 must refuse it
    const junk = Buffer.concat([
      Buffer.from("06092a864886f712010202", "hex"),
      Buffer.from("0100", "hex"),
      Buffer.alloc(40, 0x41),
    ]);
    const framed = Buffer.concat([Buffer.from([0x60, junk.length]), junk]).toString("base64");
    expect((await refusal(acceptKerberosToken(framed, acceptorOptions))).code).toBe(
      "kerberos_token_rejected",
    );
  });

  it("reports an unreadable keytab as a configuration error, not as the client's fault", async () => {
    const token = await clientToken("HTTP@localhost", "krb5");
    const error = await refusal(
      acceptKerberosToken(token, { ...acceptorOptions, keytabPath: join(kdc.dir, "missing.keytab") }),
    );
    expect(error.code).toBe("config_invalid");
  });

  it("refuses a token whose ticket has expired", async () => {
    // libkrb5 has no injectable clock: a 2 s ticket, then a real wait past its end plus the 1 s skew.
    const shortCache = join(kdc.dir, "short.ccache");
    kdc.kinit(shortCache, "2s");
    const token = await clientToken("HTTP@localhost", "krb5", shortCache);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const error = await refusal(acceptKerberosToken(token, acceptorOptions));
    expect(error.code).toBe("kerberos_token_rejected");
    expect(error.message).toMatch(/expired/);
  });
});
