import { z } from "zod";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { parseInput } from "../errors";
import { ownedApisWhere } from "./api-access";

const query = z.object({
  hours: z.coerce.number().int().min(1).max(168).default(24),
});

type Counts = { calls: number; errors: number; throttled: number; denied: number };
const zero = (): Counts => ({ calls: 0, errors: 0, throttled: 0, denied: 0 });
function add(to: Counts, row: Counts) {
  to.calls += row.calls;
  to.errors += row.errors;
  to.throttled += row.throttled;
  to.denied += row.denied;
}

/**
 * Calls, errors, throttled and denied requests per API over the last `hours` (default 24), from
 * the gateway's per-minute `UsageCounter` rows, for the APIs the actor can see (the same rule as
 * listApis). Each API has totals and one bucket per hour ending now, oldest first, so a chart
 * can be drawn without date arithmetic; APIs without traffic are listed with zeros.
 */
export async function apiTraffic(ctx: OperationContext, filter: unknown = {}) {
  requireScope(ctx.actor, RestScope.apiView);
  const { hours } = parseInput(query, filter);
  const until = ctx.now().getTime();
  const since = until - hours * 3600_000;
  const apis = await ctx.db.api.findMany({
    where: ownedApisWhere(ctx.actor),
    select: { id: true, name: true, version: true, context: true, state: true },
    orderBy: [{ name: "asc" }, { version: "asc" }],
  });
  const rows = await ctx.db.usageCounter.findMany({
    where: {
      apiId: { in: apis.map((a) => a.id) },
      bucketStart: { gte: new Date(since), lt: new Date(until) },
    },
    select: { apiId: true, bucketStart: true, calls: true, errors: true, throttled: true, denied: true },
  });
  const byApi = new Map(
    apis.map((a) => [a.id, { totals: zero(), hourly: Array.from({ length: hours }, () => zero()) }]),
  );
  for (const r of rows) {
    const entry = byApi.get(r.apiId);
    if (!entry) continue;
    const bucket = entry.hourly[Math.floor((r.bucketStart.getTime() - since) / 3600_000)];
    if (bucket) add(bucket, r);
    add(entry.totals, r);
  }
  return {
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    hours,
    apis: apis.map((a) => {
      const entry = byApi.get(a.id) ?? { totals: zero(), hourly: [] };
      return {
        ...a,
        totals: entry.totals,
        hourly: entry.hourly.map((c, i) => ({ start: new Date(since + i * 3600_000).toISOString(), ...c })),
      };
    }),
  };
}
export type ApiTraffic = Awaited<ReturnType<typeof apiTraffic>>;
