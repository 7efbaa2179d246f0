import { spawn } from "node:child_process";
import path from "node:path";
import { GATEWAY_URL, ISSUER, type World } from "./fixtures";

export interface ChildGateway {
  httpUrl: string;
  httpsUrl: string;
  stop(): Promise<void>;
}

/** Starts test/gateway-process.ts in a separate Node process on the world's database. */
export async function startChildGateway(
  world: World,
  extra: { env?: Record<string, string>; redisKeyPrefix?: string; frozenNow?: number; script?: string } = {},
): Promise<ChildGateway> {
  const env = {
    DATABASE_URL: world.settings.databaseUrl,
    PORTICO_DATA_DIR: world.dir,
    PORTICO_ISSUER: ISSUER,
    PORTICO_GATEWAY_URL: GATEWAY_URL,
    PORTICO_MASTER_KEY: world.settings.PORTICO_MASTER_KEY ?? "",
    PORTICO_BACKEND_ALLOW: world.settings.PORTICO_BACKEND_ALLOW ?? "",
    ...extra.env,
  };
  const script = extra.script ?? path.join(import.meta.dirname, "gateway-process.ts");
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      script,
      JSON.stringify({ env, redisKeyPrefix: extra.redisKeyPrefix, frozenNow: extra.frozenNow }),
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
      cwd: path.join(import.meta.dirname, ".."),
    },
  );
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const urls = await new Promise<{ httpUrl: string; httpsUrl: string }>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve(JSON.parse(line));
    });
    child.on("exit", (code) => reject(new Error(`gateway process exited with ${code}: ${stderr}`)));
  });
  return {
    ...urls,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
