import type { Db } from "@portico/db";

export interface ProbeAnswer {
  status: 200 | 503;
  body: Record<string, unknown>;
}

/** `/_portico/live`: the process runs its event loop and answers. */
export const LIVE: ProbeAnswer = { status: 200, body: { status: "UP" } };

const DATABASE_TIMEOUT_MS = 2_000;
/** One database round trip answers every probe within this window, so probes cannot load the database. */
const REUSE_MS = 1_000;

/**
 * `/_portico/ready`: this gateway should be sent calls. It is when its configuration is loaded,
 * its database answers within 2 s, and it is not draining for a stop.
 */
export class Readiness {
  /** set when the gateway stops: a balancer polling readiness stops sending calls first */
  draining = false;
  private checkedAt = -Infinity;
  private last: Promise<boolean> = Promise.resolve(false);

  constructor(
    private readonly db: Db,
    private readonly clock: () => number = Date.now,
  ) {}

  private databaseAnswers(): Promise<boolean> {
    const now = this.clock();
    if (now - this.checkedAt < REUSE_MS) return this.last;
    this.checkedAt = now;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS);
    });
    const query = this.db.$queryRawUnsafe("SELECT 1").then(
      () => true,
      () => false,
    );
    this.last = Promise.race([query, timeout]).finally(() => clearTimeout(timer));
    return this.last;
  }

  async check(configurationLoadedAt: number | undefined): Promise<ProbeAnswer> {
    if (this.draining) return { status: 503, body: { status: "DRAINING" } };
    if (configurationLoadedAt === undefined)
      return { status: 503, body: { status: "UNAVAILABLE", reason: "configuration" } };
    if (!(await this.databaseAnswers()))
      return { status: 503, body: { status: "UNAVAILABLE", reason: "database" } };
    return {
      status: 200,
      body: { status: "READY", configurationLoadedAt: new Date(configurationLoadedAt).toISOString() },
    };
  }
}
