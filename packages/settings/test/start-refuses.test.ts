import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/paths";

// `npm start` validates every setting before it touches anything. (Each case starts a Node with
// tsx, which takes seconds on a busy machine: the cases get the spawn's own bound, not vitest's 5 s.)
function start(env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-start-"));
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      PORTICO_DATA_DIR: dataDir,
      ...env,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { ...run, dataDir };
}

describe("npm start with a bad setting", () => {
  it.each([
    ["DATABASE_URL", "mysql://localhost/portico"],
    ["PORTICO_MASTER_KEY", "not-32-bytes"],
    ["PORTICO_GATEWAY_HTTPS_PORT", "99999"],
    ["REDIS_URL", "localhost:6379"],
  ])("stops at once with one line naming %s, and creates nothing", { timeout: 60_000 }, (name, value) => {
    const run = start({ [name]: value });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^portico: invalid setting ${name}: `));
    expect(readdirSync(run.dataDir)).toEqual([]);
  });
});
