// API projects as files, and the promotion path: a project written by hand is imported into one
// Portico (SQLite), exported from it, and imported into a second one (PostgreSQL, its own data
// folder and ports), both running. Import is idempotent and diff shows what import would do.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { portico, type Stack, signedIn, startStack } from "./stack";

let dev: Stack;
let prod: Stack;
let devConfig: string;

const API_YAML = `apiVersion: portico/v1
kind: API
definition:
  name: Orders
  version: 1.0.0
  context: /orders
  description: Orders of the shop
  tags: [shop]
  endpoints:
    production: https://backend.example/orders
  tiers: [Gold, Bronze]
  scopes:
    - name: orders:read
      description: Read orders
      roles: [developer]
  resources:
    - method: get
      path: /orders/{id}
      scopes: [orders:read]
    - method: GET
      path: /orders
      scopes: [orders:read]
state: PUBLISHED
documents:
  - name: Getting started
    type: HOWTO
    file: docs/getting-started.md
  - name: Forum
    type: PUBLIC_FORUM
    sourceUrl: https://forum.example/orders
`;

function scratch(name: string): string {
  return path.join(mkdtempSync(path.join(tmpdir(), "portico-project-")), name);
}

function handWrittenProject(): string {
  const dir = scratch("orders");
  mkdirSync(path.join(dir, "docs"), { recursive: true });
  writeFileSync(path.join(dir, "api.yaml"), API_YAML);
  writeFileSync(path.join(dir, "docs", "getting-started.md"), "# Orders\n\nCall `GET /orders`.\n");
  return dir;
}

async function json(config: string, args: string[]) {
  const run = await portico(config, [...args, "--output", "json"]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

async function apiRow(stack: Stack) {
  return stack.db.api.findFirstOrThrow({
    where: { name: "Orders" },
    include: { documents: true, resources: true },
  });
}

beforeAll(async () => {
  [dev, prod] = await Promise.all([startStack("sqlite"), startStack("postgresql")]);
  devConfig = await signedIn(dev, dev.admin, undefined, "dev");
  // one config folder knows both environments, as a CI job's would
  await signedIn(prod, prod.admin, devConfig, "prod");
});
afterAll(async () => {
  await dev?.close();
  await prod?.close();
});

describe("api import, diff and export", () => {
  it("diff shows the creation, import creates and publishes, a second import changes nothing", async () => {
    const project = handWrittenProject();
    const plan = await json(devConfig, ["--env", "dev", "api", "diff", project]);
    expect(plan.map((c: { action: string }) => c.action)).toEqual([
      "create",
      "create-document",
      "create-document",
      "lifecycle",
    ]);
    expect(await dev.db.api.count({ where: { name: "Orders" } })).toBe(0);

    const imported = await json(devConfig, ["--env", "dev", "api", "import", project]);
    expect(imported).toMatchObject({ name: "Orders", version: "1.0.0", state: "PUBLISHED" });
    const row = await apiRow(dev);
    expect(row.resources.map((r) => `${r.method} ${r.pathTemplate}`).sort()).toEqual([
      "GET /orders",
      "GET /orders/{id}",
    ]);
    expect(row.documents.map((d) => d.name).sort()).toEqual(["Forum", "Getting started"]);

    expect(await json(devConfig, ["--env", "dev", "api", "diff", project])).toEqual([]);
    const again = await json(devConfig, ["--env", "dev", "api", "import", project]);
    expect(again.changes).toEqual([]);
    const after = await apiRow(dev);
    expect(after.updatedAt).toEqual(row.updatedAt);
    expect(after.documents.map((d) => d.updatedAt)).toEqual(row.documents.map((d) => d.updatedAt));
  });

  it("diff names the fields an edit changes, and import changes exactly those", async () => {
    const project = handWrittenProject();
    writeFileSync(
      path.join(project, "api.yaml"),
      API_YAML.replace("description: Orders of the shop", "description: Orders, now with refunds").replace(
        "tiers: [Gold, Bronze]",
        "tiers: [Gold]",
      ),
    );
    writeFileSync(path.join(project, "docs", "getting-started.md"), "# Orders\n\nNow with refunds.\n");
    const plan = await json(devConfig, ["--env", "dev", "api", "diff", project]);
    expect(plan).toEqual([
      { action: "update", target: "Orders 1.0.0", fields: ["description", "tiers"] },
      { action: "update-document", target: "Getting started", fields: [] },
    ]);
    const before = await apiRow(dev);
    await json(devConfig, ["--env", "dev", "api", "import", project]);
    const after = await apiRow(dev);
    expect(after.description).toBe("Orders, now with refunds");
    expect(after.resources.map((r) => r.id).sort()).toEqual(before.resources.map((r) => r.id).sort());
    expect(after.documents.find((d) => d.name === "Getting started")?.content).toContain("refunds");
    expect(await json(devConfig, ["--env", "dev", "api", "diff", project])).toEqual([]);
  });

  it("promotes an API: export from one Portico, import into another, and the two agree", async () => {
    const out = scratch("export");
    const exported = await json(devConfig, [
      "--env",
      "dev",
      "api",
      "export",
      "Orders",
      "--version",
      "1.0.0",
      "-o",
      out,
    ]);
    expect(exported.files).toEqual(["api.yaml", "openapi.yaml", "docs/getting-started.md"]);
    const apiYaml = parse(readFileSync(path.join(out, "api.yaml"), "utf8"));
    expect(apiYaml).toMatchObject({ apiVersion: "portico/v1", kind: "API", state: "PUBLISHED" });
    expect(apiYaml.definition).toMatchObject({ name: "Orders", context: "/orders", tiers: ["Gold"] });
    expect(apiYaml.definition.securitySchemes).toBeTruthy();
    const openApi = parse(readFileSync(path.join(out, "openapi.yaml"), "utf8"));
    expect(Object.keys(openApi.paths).sort()).toEqual(["/orders", "/orders/{id}"]);

    const promoted = await json(devConfig, ["--env", "prod", "api", "import", out]);
    expect(promoted).toMatchObject({ name: "Orders", state: "PUBLISHED" });
    expect(await prod.db.api.count({ where: { name: "Orders" } })).toBe(1);
    expect(await json(devConfig, ["--env", "prod", "api", "diff", out])).toEqual([]);

    const back = scratch("export-prod");
    await json(devConfig, ["--env", "prod", "api", "export", "Orders", "--version", "1.0.0", "-o", back]);
    // the second instance's export describes the same API: neither instance differs from the other's project
    // (it may spell out defaults the first one left implicit, such as CORS settings that are off)
    expect(await json(devConfig, ["--env", "dev", "api", "diff", back])).toEqual([]);
    const prodYaml = parse(readFileSync(path.join(back, "api.yaml"), "utf8"));
    expect(prodYaml.definition).toMatchObject({
      name: "Orders",
      version: "1.0.0",
      context: "/orders",
      tiers: ["Gold"],
      resources: apiYaml.definition.resources,
      scopes: apiYaml.definition.scopes,
      securitySchemes: apiYaml.definition.securitySchemes,
    });
    expect(prodYaml.documents).toEqual(apiYaml.documents);
    expect(readFileSync(path.join(back, "docs", "getting-started.md"), "utf8")).toBe(
      readFileSync(path.join(out, "docs", "getting-started.md"), "utf8"),
    );
  });

  it("refuses what cannot be imported with exit 1, and changes nothing", async () => {
    const before = await apiRow(dev);
    const moved = handWrittenProject();
    writeFileSync(path.join(moved, "api.yaml"), API_YAML.replace("context: /orders", "context: /elsewhere"));
    const run = await portico(devConfig, ["--env", "dev", "api", "import", moved]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("context cannot change");

    const escaping = handWrittenProject();
    writeFileSync(
      path.join(escaping, "api.yaml"),
      API_YAML.replace("docs/getting-started.md", "../../etc/passwd"),
    );
    const outside = await portico(devConfig, ["--env", "dev", "api", "import", escaping]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain("inside the project folder");

    const invalid = handWrittenProject();
    writeFileSync(path.join(invalid, "api.yaml"), API_YAML.replace("method: GET", "method: FETCH"));
    const refused = await portico(devConfig, ["--env", "dev", "api", "import", invalid]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/VALIDATION_FAILED|resources/);

    const notYaml = scratch("broken");
    mkdirSync(notYaml, { recursive: true });
    writeFileSync(path.join(notYaml, "api.yaml"), "definition: [unclosed");
    expect((await portico(devConfig, ["--env", "dev", "api", "diff", notYaml])).code).toBe(1);
    expect((await portico(devConfig, ["--env", "dev", "api", "import", scratch("missing")])).code).toBe(1);

    const after = await apiRow(dev);
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(after.context).toBe("/orders");
  });

  it("export into a folder that is not empty is a usage error", async () => {
    const out = scratch("full");
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "keep.txt"), "mine");
    const run = await portico(devConfig, [
      "--env",
      "dev",
      "api",
      "export",
      "Orders",
      "--version",
      "1.0.0",
      "-o",
      out,
    ]);
    expect(run.code).toBe(2);
    expect(readdirSync(out)).toEqual(["keep.txt"]);
  });
});

describe("everyday API commands", () => {
  it("lists, shows and moves APIs through their lifecycle", async () => {
    const listed = await json(devConfig, ["--env", "dev", "api", "list"]);
    expect(listed.map((a: { name: string }) => a.name)).toContain("Orders");
    const table = await portico(devConfig, ["--env", "dev", "api", "list"]);
    expect(table.stdout).toMatch(/Orders\s*│\s*1\.0\.0\s*│\s*\/orders\s*│\s*PUBLISHED/);
    const shown = await json(devConfig, ["--env", "dev", "api", "get", "Orders"]);
    expect(shown).toMatchObject({ name: "Orders", context: "/orders" });
    const yaml = await portico(devConfig, ["--env", "dev", "api", "get", "Orders", "--output", "yaml"]);
    expect(parse(yaml.stdout)).toMatchObject({ name: "Orders" });
    const deprecated = await json(devConfig, [
      "--env",
      "dev",
      "api",
      "deprecate",
      "Orders",
      "--version",
      "1.0.0",
    ]);
    expect(deprecated).toMatchObject({ state: "DEPRECATED" });
    const again = await portico(devConfig, ["--env", "dev", "api", "publish", "Orders"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("cannot publish");
    const missing = await portico(devConfig, ["--env", "dev", "api", "get", "Nope"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no API named Nope");
  });
});
