import { listApis } from "@portico/platform";
import { LinkButton, PageHeader, StateBadge, Table } from "@portico/ui";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";

export const dynamic = "force-dynamic";

export default async function PublisherHome() {
  const actor = await requireRole("publisher", "admin");
  const apis = await listApis(operationContext(actor));
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
      <section className="mb-6 flex flex-wrap gap-3" aria-label="APIs by state">
        {["CREATED", "PUBLISHED", "DEPRECATED", "BLOCKED", "RETIRED"].map((s) => (
          <div key={s} className="rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm">
            <StateBadge state={s} /> <span className="ml-2 font-semibold">{byState[s] ?? 0}</span>
          </div>
        ))}
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
