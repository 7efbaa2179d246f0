// A gateway in its own process for tests that need two (throttling across replicas, cluster).
// Argument: JSON {env, redisKeyPrefix?, frozenNow?}. Prints the listening URLs as one JSON line.
import { loadSettings } from "@portico/settings";
import { startGateway } from "../src/index";

const input = JSON.parse(process.argv[2] ?? "{}") as {
  env: Record<string, string>;
  redisKeyPrefix?: string;
  frozenNow?: number;
};
const settings = loadSettings(input.env);
const frozen = input.frozenNow;
const gw = await startGateway({
  settings,
  httpPort: 0,
  httpsPort: 0,
  host: "127.0.0.1",
  pollIntervalMs: 200,
  ...(input.redisKeyPrefix ? { redisKeyPrefix: input.redisKeyPrefix } : {}),
  ...(frozen ? { clock: () => frozen } : {}),
  log: () => {},
});
process.stdout.write(`${JSON.stringify({ httpUrl: gw.httpUrl, httpsUrl: gw.httpsUrl })}\n`);
process.on("SIGTERM", () => {
  gw.close().then(() => process.exit(0));
});
