import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ensureLocalTls } from "../src/index";

describe("local TLS material", () => {
  it("makes a CA and a localhost certificate that openssl verifies and a TLS client trusts", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "portico-tls-"));
    const tls = await ensureLocalTls(dir);
    expect(statSync(tls.keyFile).mode & 0o777).toBe(0o600);
    // an independent peer checks the chain and the names
    const verify = execFileSync("openssl", ["verify", "-CAfile", tls.caFile, tls.certFile], {
      encoding: "utf8",
    });
    expect(verify.trim()).toBe(`${tls.certFile}: OK`);
    const text = execFileSync("openssl", ["x509", "-in", tls.certFile, "-noout", "-ext", "subjectAltName"], {
      encoding: "utf8",
    });
    expect(text).toContain("DNS:localhost");
    expect(text).toContain("IP Address:127.0.0.1");

    const server = createServer({ cert: tls.cert, key: tls.key }, (_req, res) => res.end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      const res = await fetch(`https://localhost:${port}/`).catch((e: Error) => e);
      // Node's fetch does not trust our CA by default: the certificate is what a stranger sees
      expect(res).toBeInstanceOf(Error);
      // execFile, not execFileSync: the server runs on this event loop
      const { stdout } = await promisify(execFile)("curl", [
        "-sS",
        "--max-time",
        "10",
        "--cacert",
        tls.caFile,
        `https://localhost:${port}/`,
      ]);
      expect(stdout).toBe("ok");
    } finally {
      server.close();
    }

    // second start reuses the same material
    const again = await ensureLocalTls(dir);
    expect(again.cert).toBe(readFileSync(tls.certFile, "utf8"));
    expect(again.ca).toBe(tls.ca);
  });
});
