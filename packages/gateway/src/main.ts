// The gateway service: `tsx packages/gateway/src/main.ts`. One worker per core (node:cluster);
// the primary holds shared state that has no Redis to live in.
import { settingsOrExit } from "@portico/settings";
import { isPrimary, runPrimary, runWorker } from "./cluster/run-cluster";

const settings = settingsOrExit();
if (isPrimary()) await runPrimary(settings);
else await runWorker(settings);
