// The gateway service: `tsx packages/gateway/src/main.ts`.
import { settingsOrExit } from "@portico/settings";
import { startGateway } from "./start-gateway";

const settings = settingsOrExit();
const gateway = await startGateway({ settings });
process.stdout.write(`gateway listening on ${gateway.httpsUrl} and ${gateway.httpUrl}\n`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
