// A PostgreSQL server of the test's own (initdb in a tmpdir, a free port), so a test may restart
// it under load without touching the machine's shared server. PostgreSQL refuses to run as root:
// as root the server runs as the `postgres` user.
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./cluster-topology-fixture";

export interface OwnPostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** stops the server (fast mode: open connections are cut) */
  stop(): Promise<unknown>;
  /** starts it again on the same port */
  start(): Promise<unknown>;
  close(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), "portico-own-pg-"));
  const data = path.join(dir, "data");
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    chmodSync(dir, 0o755);
    chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), 0);
  }
  // asynchronous: the test's own servers (the backend) keep answering while PostgreSQL stops
  const run = (command: string, args: string[]) =>
    promisify(execFile)(
      asRoot ? "runuser" : command,
      asRoot ? ["-u", "postgres", "--", command, ...args] : args,
      { timeout: 60_000 },
    );
  await run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () => run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
  const stop = () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  await start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    async close() {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
