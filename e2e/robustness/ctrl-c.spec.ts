// Ctrl-C under `npm start`: a second platform started by the real start script (the API side
// only, `--only backend,keymanager,gateway`, so no portal build; its own ports and data folder)
// gets SIGINT on its whole process group, as a terminal sends it. A slow call in flight through
// the gateway still gets its 200, every service exits by itself (none has to be killed), and the
// script exits 0 within its grace period.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { Agent } from "undici";

const repoRoot = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
/** The start script's STOP_GRACE_MS, after which it kills what still runs. */
const STOP_GRACE_MS = 12_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Every live process whose environment carries this data folder (the script and its services). */
function processesOf(dataDir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (
        readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(`PORTICO_DATA_DIR=${dataDir}`)
      )
        found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

let start: ChildProcess | undefined;
let dataDir = "";
test.afterEach(() => {
  if (start?.pid && start.exitCode === null && start.signalCode === null) process.kill(-start.pid, "SIGKILL");
  for (const pid of dataDir ? processesOf(dataDir) : []) process.kill(pid, "SIGKILL");
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("Ctrl-C stops every service after it finishes the requests in flight, and the start script exits 0", async () => {
  test.setTimeout(150_000);
  dataDir = mkdtempSync(path.join(tmpdir(), "portico-ctrl-c-"));
  const [keymanager, gatewayHttps, gatewayHttp, backend, publisher, devportal] = await Promise.all(
    Array.from({ length: 6 }, freePort),
  );
  // the run's own settings only: SQLite in the fresh data folder, no shared Redis
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PORTICO_|DATABASE_URL$|REDIS_URL$)/.test(k)),
  );
  start = spawn(
    path.join(repoRoot, "node_modules/.bin/tsx"),
    ["scripts/start.ts", "--only", "backend,keymanager,gateway"],
    {
      cwd: repoRoot,
      // its own process group, like a terminal's foreground job: Ctrl-C signals the whole group
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...env,
        PORTICO_DATA_DIR: dataDir,
        PORTICO_KEYMANAGER_PORT: String(keymanager),
        PORTICO_ISSUER: `https://localhost:${keymanager}`,
        PORTICO_GATEWAY_HTTPS_PORT: String(gatewayHttps),
        PORTICO_GATEWAY_HTTP_PORT: String(gatewayHttp),
        PORTICO_SAMPLE_BACKEND_PORT: String(backend),
        PORTICO_PUBLISHER_PORT: String(publisher),
        PORTICO_DEVPORTAL_PORT: String(devportal),
      },
    },
  );
  let stdout = "";
  let stderr = "";
  start.stdout?.on("data", (c: Buffer) => {
    stdout += c.toString("utf8");
  });
  start.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
    start?.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  await expect
    .poll(() => stdout.includes("Press Ctrl-C to stop."), { timeout: 120_000, intervals: [500] })
    .toBe(true);
  expect(stdout).not.toMatch(/Publisher \+ admin|Developer portal/);
  const running = processesOf(dataDir);
  // tsx, the script, the sample backend, the key manager, the gateway's primary and a worker
  expect(running.length).toBeGreaterThanOrEqual(6);

  // the demo API (HTTPS only), trusting this run's local CA; the sample backend answers after 5 s
  const ca = readFileSync(path.join(dataDir, "tls", "ca.pem"), "utf8");
  // a new connection for every call
  const call = (url: string) =>
    // biome-ignore lint/suspicious/noExplicitAny: undici's dispatcher is not in lib.dom's RequestInit
    fetch(url, { dispatcher: new Agent({ connect: { ca }, pipelining: 0 }) } as any);
  const gateway = `https://localhost:${gatewayHttps}/pizzashack/1.0.0/menu`;
  expect((await call(gateway)).status).toBe(200);
  const sent = Date.now();
  const slow = call(`${gateway}?delay=5000`).then(async (res) => ({
    status: res.status,
    body: await res.text(),
    at: Date.now(),
  }));
  // well inside those 5 s the call has passed the gateway and waits on the backend
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const pressed = Date.now();
  process.kill(-(start.pid as number), "SIGINT");

  // new connections are refused at once, while the call in flight goes on
  const probes: string[] = [];
  await expect
    .poll(
      async () => {
        probes.push(
          await call(gateway).then(
            (r) => `${r.status} after ${Date.now() - pressed} ms`,
            () => "refused",
          ),
        );
        return probes.at(-1);
      },
      { timeout: 3_000, intervals: [100] },
    )
    .toBe("refused");
  test.info().annotations.push({ type: "probes", description: probes.join("; ") });
  const answer = await slow;
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toEqual(
    expect.arrayContaining([expect.objectContaining({ id: "funghi" })]),
  );
  expect(answer.at - sent).toBeGreaterThanOrEqual(5_000);

  const exit = await exited;
  expect(exit).toMatchObject({ code: 0, signal: null });
  expect(exit.at - pressed).toBeLessThan(STOP_GRACE_MS);
  expect(stdout).toContain("portico: stopped");
  // every service stopped by itself: none was killed, none was restarted, none is left
  expect(stderr).not.toMatch(/did not stop|stopped unexpectedly/);
  expect(processesOf(dataDir)).toEqual([]);
});
