import { listAuditEvents } from "@portico/platform";
import { PageHeader, Table } from "@portico/ui";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";

export const dynamic = "force-dynamic";

export default async function Audit() {
  const events = await listAuditEvents(operationContext(await requireRole("admin")), { limit: 200 });
  return (
    <>
      <PageHeader title="Audit log" description="Who did what, when, and from where." />
      <Table head={["When", "Who", "What", "Target", "From", "Details"]}>
        {events.map((e) => (
          <tr key={e.id}>
            <td className="px-4 py-2 whitespace-nowrap text-xs">
              {new Date(e.at).toLocaleString("en-GB", { timeZone: "UTC" })} UTC
            </td>
            <td className="px-4 py-2">{e.actor}</td>
            <td className="px-4 py-2 font-mono text-xs">{e.action}</td>
            <td className="px-4 py-2 text-xs">{e.target ? `${e.target.type} ${e.target.id}` : "—"}</td>
            <td className="px-4 py-2 text-xs">{e.ip ?? "—"}</td>
            <td className="px-4 py-2 font-mono text-xs">{JSON.stringify(e.details)}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}
