import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import { loadOrCreateMasterKeyring } from "@portico/crypto";
import { getDb, providerOf } from "@portico/db";
import type { Settings } from "@portico/settings";
import { loadOrCreateBackendSigningKey } from "../backend-jwt/backend-signing-key";
import { followChanges } from "../config/follow-changes";
import { jsonLog } from "../observability/json-log";
import { GatewayMetrics, type MetricsSample } from "../observability/metrics";
import { UsageRecorder } from "../observability/usage-recorder";
import { startGateway } from "../start-gateway";
import { isPorticoMessage, type PrimaryToWorker, type WorkerToPrimary } from "./cluster-messages";
import { CountLeases } from "./count-leases";
import { PrimaryLink } from "./primary-link";

/**
 * The primary: prepares what must exist once (the backend-JWT key), forks one worker per core,
 * holds the shared throttling counters when there is no Redis, merges metrics, and restarts
 * workers that die.
 */
export async function runPrimary(settings: Settings, workers = availableParallelism()): Promise<void> {
  // Workers accept connections themselves from the shared listening sockets, as nginx's workers
  // do, instead of Node's default of the primary accepting each one and passing it on over IPC:
  // callers without keep-alive open a connection per call, and the bench measured 10-20% more
  // throughput and a lower light-load tail this way on 2 cores. NODE_CLUSTER_SCHED_POLICY=rr
  // restores round-robin (even spreading of long-lived connections, at that cost).
  if (!process.env.NODE_CLUSTER_SCHED_POLICY) cluster.schedulingPolicy = cluster.SCHED_NONE;
  const db = getDb(settings.databaseUrl);
  await loadOrCreateBackendSigningKey(
    db,
    loadOrCreateMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY),
  );
  // One process follows change events for the whole cluster and hands them to every worker.
  const follower = await followChanges({
    db,
    ...(settings.REDIS_URL ? { redisUrl: settings.REDIS_URL } : {}),
    ...(providerOf(settings.databaseUrl) === "postgresql" ? { postgresUrl: settings.databaseUrl } : {}),
    pollIntervalMs: 500,
    onChange: (change) => {
      for (const w of Object.values(cluster.workers ?? {})) {
        if (w?.isConnected()) w.send({ kind: "portico:change", change } satisfies PrimaryToWorker);
      }
    },
    onError: (error) => jsonLog("warn", "change events unavailable", error),
  });
  // Workers hand their usage counts here; only the primary writes them to the database.
  const usage = new UsageRecorder(
    db,
    5_000,
    (error) => jsonLog("warn", "usage counters could not be written", error),
    undefined,
    (buckets) =>
      jsonLog(
        "warn",
        `usage of ${buckets.length} API/application bucket(s) dropped: the API or application was deleted`,
      ),
  );
  const counters = new CountLeases(() => Object.keys(cluster.workers ?? {}).length || workers);
  let listening = 0;
  let stopping = false;
  let nextId = 1;
  const sampleRequests = new Map<
    number,
    { samples: MetricsSample[]; expected: number; done: (s: MetricsSample) => void }
  >();

  const send = (worker: Worker, message: PrimaryToWorker) => {
    if (worker.isConnected()) worker.send(message);
  };

  const onMessage = (worker: Worker) => (raw: unknown) => {
    if (!isPorticoMessage(raw)) return;
    const message = raw as WorkerToPrimary;
    switch (message.kind) {
      case "portico:lease":
        send(worker, {
          kind: "portico:lease-result",
          id: message.id,
          leases: message.hits.map((hit) => counters.grant(hit, hit.want)),
        });
        break;
      case "portico:usage":
        usage.addBuckets(message.buckets);
        break;
      case "portico:listening":
        listening += 1;
        if (listening === workers) {
          process.stdout.write(`gateway listening on ${message.httpsUrl} and ${message.httpUrl}\n`);
          process.stdout.write(
            `gateway: ${workers} worker${workers === 1 ? "" : "s"}, throttling counters ${settings.REDIS_URL ? "in Redis" : "shared through the primary"}\n`,
          );
        }
        break;
      case "portico:metrics": {
        const others = Object.values(cluster.workers ?? {}).filter(
          (w): w is Worker => !!w && w !== worker && w.isConnected(),
        );
        const reply = (sample: MetricsSample) =>
          send(worker, { kind: "portico:metrics-result", id: message.id, sample });
        if (others.length === 0) {
          reply(message.sample);
          break;
        }
        const id = nextId++;
        const entry = { samples: [message.sample], expected: others.length + 1, done: reply };
        sampleRequests.set(id, entry);
        setTimeout(() => {
          if (sampleRequests.delete(id)) reply(GatewayMetrics.merge(entry.samples));
        }, 1_000).unref();
        for (const w of others) send(w, { kind: "portico:sample-request", id });
        break;
      }
      case "portico:sample": {
        const entry = sampleRequests.get(message.id);
        if (!entry) break;
        entry.samples.push(message.sample);
        if (entry.samples.length === entry.expected) {
          sampleRequests.delete(message.id);
          entry.done(GatewayMetrics.merge(entry.samples));
        }
        break;
      }
    }
  };

  const started = new Set<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    worker.on("message", onMessage(worker));
    worker.on("message", (m: unknown) => {
      if (isPorticoMessage(m) && m.kind === "portico:listening") started.add(worker);
    });
  };
  for (let i = 0; i < workers; i++) fork();
  cluster.on("exit", (worker, code) => {
    if (!stopping && !started.has(worker)) {
      // It never served a call (port taken, database unreachable...): restarting would only loop.
      jsonLog("error", `a worker could not start (exit code ${code}); stopping`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      Promise.all([usage.close(), follower.close()]).finally(() => process.exit(1));
      return;
    }
    started.delete(worker);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        Promise.all([usage.close(), follower.close()]).finally(() => process.exit(0));
      }
      return;
    }
    jsonLog("warn", `a worker exited (${code}); starting another`);
    fork();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      setTimeout(() => process.exit(0), 8_000).unref();
    });
  }
}

/** A worker: one full gateway sharing the listening ports; counters in Redis or in the primary. */
export async function runWorker(settings: Settings, workers: number): Promise<void> {
  const send = (message: WorkerToPrimary) => process.send?.(message);
  const link = new PrimaryLink(send);
  // A lone worker counts by itself: no other process shares its counters.
  const sharedCounters = !settings.REDIS_URL && workers > 1;
  const gateway = await startGateway({
    settings,
    ...(sharedCounters ? { counterStore: link } : {}),
    clusterMetrics: (own) => link.clusterMetrics(own),
    forwardUsage: (buckets) => send({ kind: "portico:usage", buckets }),
    followChanges: false,
  });
  process.on("message", (message) => {
    if (isPorticoMessage(message) && message.kind === "portico:change") {
      gateway.runtime.onChange((message as Extract<PrimaryToWorker, { kind: "portico:change" }>).change);
      return;
    }
    link.receive(message, () => gateway.runtime.metrics.sample());
  });
  send({ kind: "portico:listening", httpsUrl: gateway.httpsUrl, httpUrl: gateway.httpUrl });
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Exit once the last messages (the final usage counts) have left for the primary.
      gateway.close().then(
        () => (process.send ? process.send({ kind: "portico:bye" }, () => process.exit(0)) : process.exit(0)),
        () => process.exit(1),
      );
    });
  }
}

export function isPrimary(): boolean {
  return cluster.isPrimary;
}
