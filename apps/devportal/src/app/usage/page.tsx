import { getUsage, listApplications } from "@portico/platform";
import { Button, Card, inputClass, PageHeader, Table } from "@portico/ui";
import { AutoRefresh } from "@portico/ui/auto-refresh";
import { type UsageBucket, UsageChart, UsageLegend } from "@/components/usage-chart";
import { requireDeveloper } from "@/server/auth";
import { operationContext } from "@/server/operations";

export const dynamic = "force-dynamic";

const periods = [
  { hours: 24, label: "Last 24 hours" },
  { hours: 168, label: "Last 7 days" },
  { hours: 744, label: "Last 31 days" },
];
const HOUR = 3600_000;

export default async function Usage({
  searchParams,
}: {
  searchParams: Promise<{ applicationId?: string; hours?: string }>;
}) {
  const query = await searchParams;
  const ctx = operationContext(await requireDeveloper());
  const hours = periods.find((p) => String(p.hours) === query.hours)?.hours ?? 24;
  const applications = await listApplications(ctx);
  const applicationId = applications.some((a) => a.id === query.applicationId)
    ? query.applicationId
    : undefined;
  const rows = await getUsage(ctx, { hours, ...(applicationId ? { applicationId } : {}) });

  // Hourly bars for a day, daily bars beyond: a month of hours would be too thin to read.
  const bucketMs = hours <= 48 ? HOUR : 24 * HOUR;
  // every bucket from the one holding the period's start to the current one, empty ones too
  const now = Date.now();
  const first = Math.floor((now - hours * HOUR) / bucketMs) * bucketMs;
  const starts = Array.from(
    { length: Math.floor(now / bucketMs) - first / bucketMs + 1 },
    (_, i) => first + i * bucketMs,
  );
  const label = (start: number) =>
    new Date(start).toLocaleString(
      "en",
      bucketMs === HOUR
        ? { hour: "2-digit", minute: "2-digit", day: "numeric", month: "short" }
        : { day: "numeric", month: "short" },
    );

  const series = new Map<string, { application: string; api: string; buckets: Map<number, UsageBucket> }>();
  for (const r of rows) {
    const key = `${r.application}\u0000${r.api}`;
    const s = series.get(key) ?? { application: r.application, api: r.api, buckets: new Map() };
    const start = Math.floor(Date.parse(r.hour) / bucketMs) * bucketMs;
    const b = s.buckets.get(start) ?? { start, calls: 0, errors: 0, throttled: 0, denied: 0 };
    b.calls += r.calls;
    b.errors += r.errors;
    b.throttled += r.throttled;
    b.denied += r.denied;
    s.buckets.set(start, b);
    series.set(key, s);
  }
  const charts = [...series.values()]
    .sort((a, b) => a.application.localeCompare(b.application) || a.api.localeCompare(b.api))
    .map((s) => {
      const buckets = starts.map(
        (start) => s.buckets.get(start) ?? { start, calls: 0, errors: 0, throttled: 0, denied: 0 },
      );
      const sum = (k: keyof Omit<UsageBucket, "start">) =>
        [...s.buckets.values()].reduce((n, b) => n + b[k], 0);
      return {
        ...s,
        buckets,
        totals: {
          calls: sum("calls"),
          errors: sum("errors"),
          throttled: sum("throttled"),
          denied: sum("denied"),
        },
      };
    });

  return (
    <>
      <AutoRefresh seconds={30} />
      <PageHeader
        title="Usage"
        description="Calls through the gateway by your applications, per API; refreshed every 30 seconds."
      />
      <form className="mb-6 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="usage-application" className="block text-sm font-medium text-slate-700">
            Application
          </label>
          <select
            id="usage-application"
            name="applicationId"
            defaultValue={applicationId ?? ""}
            className={`${inputClass} mt-1`}
          >
            <option value="">All applications</option>
            {applications.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="usage-period" className="block text-sm font-medium text-slate-700">
            Period
          </label>
          <select
            id="usage-period"
            name="hours"
            defaultValue={String(hours)}
            className={`${inputClass} mt-1`}
          >
            {periods.map((p) => (
              <option key={p.hours} value={p.hours}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" tone="secondary">
          Show
        </Button>
      </form>

      {charts.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">
          No calls in this period.
        </p>
      ) : (
        <>
          <div className="mb-6">
            <Table head={["Application", "API", "Calls", "Errors", "Throttled", "Denied"]}>
              {charts.map((c) => (
                <tr key={`${c.application}-${c.api}`} data-testid="usage-row">
                  <td className="px-4 py-2">{c.application}</td>
                  <td className="px-4 py-2">{c.api}</td>
                  <td className="px-4 py-2 tabular-nums">{c.totals.calls}</td>
                  <td className="px-4 py-2 tabular-nums">{c.totals.errors}</td>
                  <td className="px-4 py-2 tabular-nums">{c.totals.throttled}</td>
                  <td className="px-4 py-2 tabular-nums">{c.totals.denied}</td>
                </tr>
              ))}
            </Table>
          </div>
          <UsageLegend />
          <div className="mt-4 grid gap-6">
            {charts.map((c) => (
              <Card key={`${c.application}-${c.api}`} title={`${c.application} → ${c.api}`}>
                <UsageChart
                  title={`${c.application} calling ${c.api}`}
                  buckets={c.buckets}
                  bucketLabel={label}
                />
              </Card>
            ))}
          </div>
        </>
      )}
    </>
  );
}
