import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { permitRule, policy, policySet, ROLE, request, roleTarget, rule, SUBJECT } from "./fixtures";

const BIN = fileURLToPath(new URL("../bin/portico-xacml.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "portico-xacml-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function run(...args: string[]) {
  // A real process under plain Node, exactly as `npx portico-xacml` runs it.
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Every case starts Node processes; on a busy machine each takes seconds, so the cases are bounded
// by the spawns' own timeout rather than vitest's 5 s.
describe("portico-xacml CLI", { timeout: 60_000 }, () => {
  const root = file("root.xml", policySet([`<PolicyIdReference>admins</PolicyIdReference>`], { id: "root" }));
  const admins = file(
    "admins.xml",
    policy([rule("admin-permit", "Permit", { target: roleTarget("admin") })], { id: "admins" }),
  );

  it("evaluates an XML request against a root policy and a referenced one", () => {
    const req = file("req.xml", request({ [SUBJECT]: [[ROLE, "string", "admin"]] }));
    const r = run("evaluate", "--policy", root, "--policy", admins, "--request", req);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("<Response");
    expect(r.stdout).toContain("<Decision>Permit</Decision>");
  });

  it("answers a JSON request with a JSON response", () => {
    const req = file(
      "req.json",
      JSON.stringify({ Request: { AccessSubject: { Attribute: [{ AttributeId: ROLE, Value: "guest" }] } } }),
    );
    const r = run("evaluate", "--policy", root, "--policy", admins, "--request", req);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).Response[0].Decision).toBe("NotApplicable");
  });

  it("exits non-zero naming the problem when a policy does not load", () => {
    const broken = file(
      "broken.xml",
      policy([permitRule()]).replace(
        "<Target/>",
        '<Target/>\n<Rule RuleId="x" Effect="Permit"><Condition><Apply FunctionId="urn:example:nope"/></Condition></Rule>',
      ),
    );
    const req = file("req2.xml", request({}));
    const r = run("evaluate", "--policy", broken, "--request", req);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("UNKNOWN_FUNCTION");
    expect(r.stderr).toContain("<Apply>, line 2");
    expect(r.stdout).toBe("");
  });

  it("exits non-zero on an unresolved reference", () => {
    const req = file("req3.xml", request({}));
    const r = run("evaluate", "--policy", root, "--request", req);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("POLICY_REFERENCE_UNRESOLVED");
  });

  it("refuses a DOCTYPE in a policy file", () => {
    const evil = file(
      "evil.xml",
      `<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>${policy([permitRule()])}`,
    );
    const r = run("evaluate", "--policy", evil, "--request", file("req4.xml", request({})));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("XML_DOCTYPE_FORBIDDEN");
  });

  it("prints usage and exits 1 on bad arguments or a missing file", () => {
    expect(run("evaluate", "--policy", root).code).toBe(1);
    expect(run("frobnicate").code).toBe(1);
    const missing = run("evaluate", "--policy", join(dir, "nope.xml"), "--request", root);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read");
  });
});
