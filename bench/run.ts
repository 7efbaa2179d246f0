// npm run bench [-- name…]: runs the benchmarks one after another (never at once: each measures
// side by side with a peer in one run, and they would steal each other's cores).
import { spawnSync } from "node:child_process";
import path from "node:path";

const all = ["policy", "keymanager", "gateway", "page-load"];
const chosen = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = chosen.length ? chosen : all;
let failed = 0;
for (const name of names) {
  if (!all.includes(name)) {
    process.stderr.write(`unknown benchmark ${name}; choose from ${all.join(", ")}\n`);
    process.exit(2);
  }
  process.stdout.write(`\n=== ${name} ===\n`);
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, `${name}.ts`)], {
    stdio: "inherit",
  });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
