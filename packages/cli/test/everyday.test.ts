// The everyday commands against a running Portico: applications, keys and tokens as a developer
// (secrets masked unless --show-secret), grant types as an admin, and XACML evaluation.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policy, ROLE, request, roleTarget, rule, SUBJECT } from "../../policy/test/fixtures";
import { portico, type Stack, signedIn, startStack } from "./stack";

let stack: Stack;
let developer: string;
let admin: string;
const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

async function json(config: string, args: string[]) {
  const run = await portico(config, [...args, "--output", "json"]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

beforeAll(async () => {
  stack = await startStack("sqlite");
  developer = await signedIn(stack, stack.developer);
  admin = await signedIn(stack, stack.admin);
});
afterAll(async () => stack?.close());

describe("applications, keys and tokens", () => {
  it("creates an application, generates its keys and a token, masking secrets unless asked", async () => {
    const created = await json(developer, ["app", "create", "Shop", "--token-type", "jwt"]);
    expect(created).toMatchObject({ name: "Shop", tokenType: "JWT" });
    const listed = await json(developer, ["app", "list"]);
    expect(listed.map((a: { name: string }) => a.name)).toEqual(["Shop"]);
    // another developer's applications are not theirs to see
    expect(await json(admin, ["app", "list"])).toEqual([]);

    const keys = await json(developer, ["--show-secret", "app", "keys", "Shop", "--generate"]);
    expect(keys.consumerKey).toBeTruthy();
    expect(keys.consumerSecret).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const shown = await json(developer, ["app", "keys", "Shop"]);
    expect(JSON.stringify(shown)).not.toContain(keys.consumerSecret);

    const masked = await portico(developer, [
      "token",
      "--app",
      "Shop",
      "--validity",
      "600",
      "--output",
      "json",
    ]);
    expect(masked.code, masked.stderr).toBe(0);
    expect(JSON.parse(masked.stdout).accessToken).toMatch(/^\*\*\*\*/);
    expect(masked.stderr).toContain("--show-secret");
    const token = await json(developer, ["--show-secret", "token", "--app", "Shop", "--validity", "600"]);
    expect(token.accessToken.split(".")).toHaveLength(3);
    expect(token.expiresIn).toBeLessThanOrEqual(600);
    const row = await stack.db.accessToken.findFirstOrThrow({ orderBy: { issuedAt: "desc" } });
    expect(row.grantType).toBe("urn:portico:params:oauth:grant-type:application-token");
  });

  it("answers an unknown application with exit 1, and a bad key type with exit 2", async () => {
    const unknown = await portico(developer, ["token", "--app", "Nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no application named Nope");
    expect((await portico(developer, ["token", "--app", "Shop", "--key-type", "STAGING"])).code).toBe(2);
  });
});

describe("grant types (admin)", () => {
  it("lists the grant types and switches one off and on again", async () => {
    const listed = await json(admin, ["grant-types", "list"]);
    expect(listed).toContainEqual(expect.objectContaining({ name: DEVICE_GRANT, enabled: true }));
    await json(admin, ["grant-types", "disable", DEVICE_GRANT]);
    expect(
      (await stack.db.grantTypeSetting.findUniqueOrThrow({ where: { name: DEVICE_GRANT } })).enabled,
    ).toBe(false);
    // the key manager refuses the device flow while it is off
    const refused = await portico(admin, ["login"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("unsupported_grant_type");
    await json(admin, ["grant-types", "enable", DEVICE_GRANT]);
    expect(
      (await stack.db.grantTypeSetting.findUniqueOrThrow({ where: { name: DEVICE_GRANT } })).enabled,
    ).toBe(true);
    const unknown = await portico(admin, ["grant-types", "enable", "no-such-grant"]);
    expect(unknown.code).toBe(1);
  });
});

describe("policy evaluate", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "portico-cli-xacml-"));
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const admins = file(
    "admins.xml",
    policy([rule("admin-permit", "Permit", { target: roleTarget("admin") })], { id: "admins" }),
  );

  it("decides an XML request as the gateway's decision point does", async () => {
    const req = file("req.xml", request({ [SUBJECT]: [[ROLE, "string", "admin"]] }));
    const run = await portico(developer, ["policy", "evaluate", "--policy", admins, "--request", req]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("<Decision>Permit</Decision>");
    const asJson = await json(developer, ["policy", "evaluate", "--policy", admins, "--request", req]);
    expect(asJson.response).toContain("<Decision>Permit</Decision>");
  });

  it("answers a JSON request in JSON, and fails with exit 1 on a policy that does not load", async () => {
    const req = file(
      "req.json",
      JSON.stringify({ Request: { AccessSubject: { Attribute: [{ AttributeId: ROLE, Value: "guest" }] } } }),
    );
    const decided = await json(developer, ["policy", "evaluate", "--policy", admins, "--request", req]);
    expect(decided.Response[0].Decision).toBe("NotApplicable");
    const broken = file("broken.xml", "<Policy");
    const run = await portico(developer, ["policy", "evaluate", "--policy", broken, "--request", req]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("policy not loaded");
    expect((await portico(developer, ["policy", "evaluate", "--request", req])).code).toBe(2);
  });
});
