import { settingsOrExit } from "@portico/settings";
import { startSampleBackend } from "./server";

const settings = settingsOrExit();
const backend = await startSampleBackend({ port: settings.PORTICO_SAMPLE_BACKEND_PORT });
process.stdout.write(`sample backend listening on ${backend.url}\n`);
// Ctrl-C reaches this process twice (from the terminal and from the start script): stop once.
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void backend.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
