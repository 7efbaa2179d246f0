import { apiTraffic, listApis } from "@portico/platform";
import { Alert, LinkButton, PageHeader, StateBadge, Table } from "@portico/ui";
import { TrafficChart, TrafficLegend } from "@/components/traffic-chart";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";

export const dynamic = "force-dynamic";

export default async function PublisherHome({
  searchParams,
}: {
  searchParams: Promise<{ deleted?: string }>;
}) {
  const { deleted } = await searchParams;
  const actor = await requireRole("publisher", "admin");
  const ctx = operationContext(actor);
  const [apis, traffic] = await Promise.all([listApis(ctx), apiTraffic(ctx)]);
  // APIs with traffic first, busiest first; idle ones are summed up in one line
  const busy = traffic.apis.filter((a) => a.totals.calls > 0).sort((a, b) => b.totals.calls - a.totals.calls);
  const byState: Record<string, number> = {};
  for (const api of apis) byState[api.state] = (byState[api.state] ?? 0) + 1;
  return (
    <>
      <PageHeader
        title="APIs"
        description="Every API you can see, by lifecycle state."
        actions={
          <>
            <LinkButton href="/apis/import" tone="secondary">
              Import OpenAPI
            </LinkButton>
            <LinkButton href="/apis/new">Create API</LinkButton>
          </>
        }
      />
      {typeof deleted === "string" && deleted && (
        <div className="mb-6">
          <Alert tone="green">Deleted {deleted.slice(0, 120)}.</Alert>
        </div>
      )}
      <section className="mb-6 flex flex-wrap gap-3" aria-label="APIs by state">
        {["CREATED", "PUBLISHED", "DEPRECATED", "BLOCKED", "RETIRED"].map((s) => (
          <div key={s} className="rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm">
            <StateBadge state={s} /> <span className="ml-2 font-semibold">{byState[s] ?? 0}</span>
          </div>
        ))}
      </section>
      <section
        className="mb-8 rounded-xl border border-slate-200 bg-white p-5"
        aria-labelledby="traffic-heading"
      >
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h2 id="traffic-heading" className="font-semibold">
            Traffic, last {traffic.hours} hours
          </h2>
          <TrafficLegend />
        </div>
        {busy.length === 0 ? (
          <p className="text-sm text-slate-500">No calls through the gateway in this period.</p>
        ) : (
          <Table head={["API", "Calls", "Errors", "Throttled", "Denied", "Per hour"]}>
            {busy.map((a) => (
              <tr key={a.id} data-testid="traffic-row">
                <td className="px-4 py-2 font-medium">
                  <a className="text-brand-700 hover:underline" href={`/apis/${a.id}`}>
                    {a.name} {a.version}
                  </a>
                </td>
                <td className="px-4 py-2 tabular-nums">{a.totals.calls}</td>
                <td className="px-4 py-2 tabular-nums">{a.totals.errors}</td>
                <td className="px-4 py-2 tabular-nums">{a.totals.throttled}</td>
                <td className="px-4 py-2 tabular-nums">{a.totals.denied}</td>
                <td className="px-4 py-2">
                  <TrafficChart name={`${a.name} ${a.version}`} hourly={a.hourly} />
                </td>
              </tr>
            ))}
          </Table>
        )}
        {busy.length > 0 && busy.length < traffic.apis.length && (
          <p className="mt-2 text-xs text-slate-500">
            {traffic.apis.length - busy.length} API(s) had no calls.
          </p>
        )}
      </section>
      {apis.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">
          No APIs yet.
        </p>
      ) : (
        <Table head={["Name", "Version", "Context", "State", "Resources", "Subscriptions"]}>
          {apis.map((api) => (
            <tr key={api.id}>
              <td className="px-4 py-2 font-medium">
                <a className="text-brand-700 hover:underline" href={`/apis/${api.id}`}>
                  {api.name}
                </a>
              </td>
              <td className="px-4 py-2">{api.version}</td>
              <td className="px-4 py-2 font-mono text-xs">{api.context}</td>
              <td className="px-4 py-2">
                <StateBadge state={api.state} />
              </td>
              <td className="px-4 py-2">{api.resources.length}</td>
              <td className="px-4 py-2">{api.subscriptionCount}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
