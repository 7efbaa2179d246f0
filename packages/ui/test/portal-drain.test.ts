// The portal process stops the way the start script asks it to (SIGTERM, or Ctrl-C's SIGINT):
// it refuses new connections at once but finishes the requests in flight, then exits 0. It runs
// as its own process (servePortal with a stand-in for Next) so the signal is a real one.
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, get } from "node:http";
import { connect } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures/portal-with-stand-in.ts");
let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Resolves with the first stdout line matching `pattern`. */
function line(proc: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      const match = pattern.exec(seen);
      if (match) {
        proc.stdout?.off("data", onData);
        resolve(match);
      }
    };
    proc.stdout?.on("data", onData);
    proc.once("exit", () => reject(new Error(`exited before printing ${pattern}: ${seen}`)));
  });
}

const exited = (proc: ChildProcess) =>
  new Promise<{ code: number | null; at: number }>((resolve) =>
    proc.once("exit", (code) => resolve({ code, at: Date.now() })),
  );

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

it.each(["SIGTERM", "SIGINT"] as const)(
  "on %s a request in flight gets its whole answer, new connections are refused, and the process exits 0",
  async (signal) => {
    child = spawn(process.execPath, ["--import", "tsx", fixture], { stdio: ["ignore", "pipe", "inherit"] });
    const port = Number((await line(child, /listening (\d+)\n/))[1]);
    const exit = exited(child);

    // a browser's keep-alive connection, mid-request when the signal comes
    const agent = new Agent({ keepAlive: true });
    const answer = new Promise<{ status: number; body: string; at: number }>((resolve, reject) => {
      get({ port, host: "127.0.0.1", path: "/slow?ms=1500", agent }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          body += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, at: Date.now() }));
      }).on("error", reject);
    });
    await line(child, /reached \/slow/);
    child.kill(signal);

    await expect.poll(() => refusesConnections(port), { timeout: 1_000, interval: 50 }).toBe(true);
    const res = await answer;
    expect(res).toMatchObject({ status: 200, body: "page after 1500 ms" });
    const { code, at } = await exit;
    expect(code).toBe(0);
    // it does not sit out the drain period (10 s) once nothing is in flight, keep-alive or not
    expect(at - res.at).toBeLessThan(2_000);
    agent.destroy();
  },
  20_000,
);
