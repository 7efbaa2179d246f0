// Environments, sign-in and exit codes, with `portico` run as a process against a running
// Portico (key manager and REST APIs) on SQLite and on PostgreSQL.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../src/main";
import { type Provider, portico, type Stack, signedIn, startStack } from "./stack";

function freshConfig(): string {
  return mkdtempSync(path.join(tmpdir(), "portico-cli-config-"));
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("usage errors exit 2 and change nothing", () => {
  it.each([
    [["bogus"]],
    [["api"]],
    [["env", "add", "dev"]],
    [["env", "add", "dev", "--url", "not a url"]],
    [["env", "add", "../x", "--url", "http://127.0.0.1:1"]],
    [["--output", "xml", "env", "list"]],
    [["api", "export", "PizzaShack", "-o", "out"]],
    [["api", "list", "--state", "SHINY"]],
    [["token", "--app", "x", "--validity", "soon"]],
    [["app", "keys", "x", "--generate"]],
    [["login", "--password", "--username", "admin"]],
    [["api", "list"]],
  ])("portico %j", async (args) => {
    process.env.PORTICO_CONFIG_DIR = freshConfig();
    let stdout = "";
    let stderr = "";
    const code = await run(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    expect(code, stderr).toBe(2);
    expect(stderr.length).toBeGreaterThan(0);
    expect(stdout).toBe("");
  });

  it("and so does the installed command", async () => {
    const unknown = await portico(freshConfig(), ["api", "list", "--output", "xml"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Allowed choices are table, json, yaml");
  });
});

describe.each<Provider>(["sqlite", "postgresql"])("signing in (%s)", (provider) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(provider);
  });
  afterAll(async () => stack?.close());

  it("signs in with --password from the environment and keeps the tokens in a 0600 file", async () => {
    const config = await signedIn(stack, stack.admin);
    const file = path.join(config, "config.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(config).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(readFileSync(file, "utf8"));
    expect(stored.environments.dev.tokens.refreshToken).toBeTruthy();
    expect(stored.environments.dev.tokens.scope).toContain("portico:admin");
    // the password is never written anywhere
    expect(readFileSync(file, "utf8")).not.toContain(stack.admin.password);
    const list = await portico(config, ["env", "list", "--output", "json"]);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: "dev", current: true, url: stack.url, signedIn: true }),
    ]);
    // tokens are never printed
    expect(list.stdout).not.toContain(stored.environments.dev.tokens.accessToken);
  });

  it("refreshes an expired access token by itself and keeps the new one", async () => {
    const config = await signedIn(stack, stack.admin);
    const file = path.join(config, "config.json");
    const before = JSON.parse(readFileSync(file, "utf8"));
    before.environments.dev.tokens.expiresAt = Date.now() - 1000;
    writeFileSync(file, JSON.stringify(before), { mode: 0o600 });
    const listed = await portico(config, ["api", "list", "--output", "json"]);
    expect(listed.code, listed.stderr).toBe(0);
    const after = JSON.parse(readFileSync(file, "utf8"));
    expect(after.environments.dev.tokens.accessToken).not.toBe(before.environments.dev.tokens.accessToken);
    expect(after.environments.dev.tokens.refreshToken).not.toBe(before.environments.dev.tokens.refreshToken);
    expect(after.environments.dev.tokens.expiresAt).toBeGreaterThan(Date.now());
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("fails with exit 1 and the key manager's code on a wrong password, keeping no tokens", async () => {
    const config = freshConfig();
    await portico(config, ["env", "add", "dev", "--url", stack.url, "--ca", stack.ca]);
    const run = await portico(config, ["login", "--password"], {
      PORTICO_USERNAME: stack.admin.username,
      PORTICO_PASSWORD: "wrong-password",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("invalid_grant");
    expect(run.stderr).not.toContain("wrong-password");
    expect(
      JSON.parse(readFileSync(path.join(config, "config.json"), "utf8")).environments.dev.tokens,
    ).toBeUndefined();
  });

  it("exits 1 with a clear message when the server cannot be reached or is not Portico", async () => {
    const config = freshConfig();
    await portico(config, ["env", "add", "down", "--url", `http://127.0.0.1:${await closedPort()}`]);
    const down = await portico(config, ["login", "--password"], {
      PORTICO_USERNAME: "a",
      PORTICO_PASSWORD: "b",
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    await portico(config, ["env", "add", "km-as-portal", "--url", stack.km.url, "--ca", stack.ca, "--use"]);
    const wrong = await portico(config, ["login", "--password"], {
      PORTICO_USERNAME: "a",
      PORTICO_PASSWORD: "b",
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("OpenAPI document");
    const untrusted = freshConfig();
    await portico(untrusted, ["env", "add", "dev", "--url", stack.url]);
    const tls = await portico(untrusted, ["login", "--password"], {
      PORTICO_USERNAME: "a",
      PORTICO_PASSWORD: "b",
    });
    expect(tls.code).toBe(1);
    expect(tls.stderr).toContain("portico:");
  });

  it("a developer's token carries no admin scope, and admin commands answer 403 with exit 1", async () => {
    const config = await signedIn(stack, stack.developer);
    const run = await portico(config, ["grant-types", "list"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/403|FORBIDDEN|insufficient_scope/i);
  });
});
