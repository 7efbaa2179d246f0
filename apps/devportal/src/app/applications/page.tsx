import { listApplications, listApplicationTiers } from "@portico/platform";
import { Badge, Card, PageHeader, Table } from "@portico/ui";
import { DateTime } from "@portico/ui/date-time";
import { ApplicationForm } from "@/components/application-form";
import { requireDeveloper } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { createApplicationAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function Applications() {
  const ctx = operationContext(await requireDeveloper());
  const [applications, tiers] = await Promise.all([listApplications(ctx), listApplicationTiers(ctx)]);
  return (
    <>
      <PageHeader
        title="Applications"
        description="Your applications hold the keys and subscriptions your code calls APIs with."
      />
      {applications.length === 0 ? (
        <p className="mb-6 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">
          You have no application yet: create one below.
        </p>
      ) : (
        <div className="mb-8">
          <Table head={["Name", "Token type", "Default validity", "Tier", "Created"]}>
            {applications.map((a) => (
              <tr key={a.id}>
                <td className="px-4 py-2">
                  <a href={`/applications/${a.id}`} className="font-medium text-brand-600 hover:underline">
                    {a.name}
                  </a>
                  {a.description && <p className="text-xs text-slate-500">{a.description}</p>}
                </td>
                <td className="px-4 py-2">
                  <Badge tone="blue">{a.tokenType}</Badge>
                </td>
                <td className="px-4 py-2">{a.defaultValidity} s</td>
                <td className="px-4 py-2">{a.tier ?? "—"}</td>
                <td className="px-4 py-2 text-slate-500">
                  <DateTime value={a.createdAt} />
                </td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      <Card title="New application">
        <ApplicationForm
          action={createApplicationAction}
          initial={{ name: "", description: "", tokenType: "JWT", defaultValidity: 3600, tier: "" }}
          tiers={tiers}
          submitLabel="Create application"
        />
      </Card>
    </>
  );
}
