// The gateway service: `tsx packages/gateway/src/main.ts [--workers N]`. One worker per core by
// default (node:cluster); the primary holds shared state that has no Redis to live in.
import { availableParallelism } from "node:os";
import { settingsOrExit } from "@portico/settings";
import { isPrimary, runPrimary, runWorker } from "./cluster/run-cluster";

const settings = settingsOrExit();
const flag = process.argv.indexOf("--workers");
const workers = flag === -1 ? availableParallelism() : Number(process.argv[flag + 1]);
if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
  process.stderr.write("portico: --workers must be a whole number from 1 to 256\n");
  process.exit(2);
}
try {
  if (isPrimary()) await runPrimary(settings, workers);
  else await runWorker(settings, workers);
} catch (error) {
  // One clear line (no secrets reach error messages here: settings are validated above).
  process.stderr.write(
    `gateway: could not start: ${error instanceof Error ? error.message.trim().split("\n").at(-1) : String(error)}\n`,
  );
  process.exit(1);
}
