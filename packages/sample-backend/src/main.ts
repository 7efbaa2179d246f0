import { settingsOrExit } from "@portico/settings";
import { startSampleBackend } from "./server";

const settings = settingsOrExit();
const backend = await startSampleBackend({ port: settings.PORTICO_SAMPLE_BACKEND_PORT });
process.stdout.write(`sample backend listening on ${backend.url}\n`);
const stop = () => void backend.close().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
