import { z } from "zod";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { parseInput } from "../errors";

const query = z.object({
  applicationId: z.string().optional(),
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 31)
    .default(24),
});

/** Calls, errors, throttled and denied counts per application, API and hour, for my applications. */
export async function getUsage(ctx: OperationContext, filter: unknown = {}) {
  requireScope(ctx.actor, RestScope.appManage);
  const q = parseInput(query, filter);
  const since = new Date(ctx.now().getTime() - q.hours * 3600_000);
  const rows = await ctx.db.usageCounter.findMany({
    where: {
      bucketStart: { gte: since },
      application: { ownerId: ctx.actor.userId },
      ...(q.applicationId ? { applicationId: q.applicationId } : {}),
    },
    include: { api: { select: { name: true, version: true } }, application: { select: { name: true } } },
    orderBy: { bucketStart: "asc" },
  });
  const buckets = new Map<
    string,
    {
      hour: string;
      application: string;
      api: string;
      calls: number;
      errors: number;
      throttled: number;
      denied: number;
    }
  >();
  for (const r of rows) {
    const hour = new Date(Math.floor(r.bucketStart.getTime() / 3600_000) * 3600_000).toISOString();
    const key = `${hour}|${r.applicationId}|${r.apiId}`;
    const b = buckets.get(key) ?? {
      hour,
      application: r.application?.name ?? "",
      api: `${r.api.name} ${r.api.version}`,
      calls: 0,
      errors: 0,
      throttled: 0,
      denied: 0,
    };
    b.calls += r.calls;
    b.errors += r.errors;
    b.throttled += r.throttled;
    b.denied += r.denied;
    buckets.set(key, b);
  }
  return [...buckets.values()];
}
