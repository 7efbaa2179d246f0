// npm run bench [-- name…]: runs the benchmarks one after another (never at once: each measures
// side by side with a peer in one run, and they would steal each other's cores).
import { spawnSync } from "node:child_process";
import path from "node:path";

// soak runs only when named: it takes 10 minutes
const all = ["policy", "keymanager", "gateway", "gateway-dpop", "page-load"];
const known = [...all, "soak"];
// options after the names (`soak --minutes 2`) go to the benchmark
const firstOption = process.argv.slice(2).findIndex((a) => a.startsWith("-"));
const chosen = firstOption === -1 ? process.argv.slice(2) : process.argv.slice(2, 2 + firstOption);
const options = firstOption === -1 ? [] : process.argv.slice(2 + firstOption);
const names = chosen.length ? chosen : all;
let failed = 0;
for (const name of names) {
  if (!known.includes(name)) {
    process.stderr.write(`unknown benchmark ${name}; choose from ${known.join(", ")}\n`);
    process.exit(2);
  }
  process.stdout.write(`\n=== ${name} ===\n`);
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, `${name}.ts`), ...options],
    { stdio: "inherit" },
  );
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
