import { listGatewayPolicyUsage } from "@portico/platform";
import { Badge, PageHeader, Table } from "@portico/ui";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";

export const dynamic = "force-dynamic";

/** Every gateway policy, where it may go, and the APIs of every owner that use it. */
export default async function GatewayPolicies() {
  const policies = await listGatewayPolicyUsage(operationContext(await requireRole("admin")));
  return (
    <>
      <PageHeader
        title="Gateway policies"
        description="The policies the gateway applies to calls: API settings, and policies publishers attach to an API or its resources."
      />
      <Table head={["Policy", "Kind", "Attaches to", "Used by"]}>
        {policies.map((p) => (
          <tr key={p.name} data-testid={`policy-${p.name}`}>
            <td className="px-4 py-2 align-top">
              <p className="font-medium">{p.title}</p>
              <p className="font-mono text-xs text-slate-500">{p.name}</p>
              <p className="mt-1 text-xs text-slate-600">{p.description}</p>
            </td>
            <td className="px-4 py-2 align-top">
              {p.attachable ? <Badge tone="blue">Attachable</Badge> : <Badge>API setting</Badge>}
            </td>
            <td className="px-4 py-2 align-top text-sm">{p.levels.join(", ")}</td>
            <td className="px-4 py-2 align-top text-sm">
              {p.apis.length === 0 ? (
                <span className="text-slate-500">No API</span>
              ) : (
                <ul>
                  {p.apis.map((a) => (
                    <li key={a.id}>
                      <a className="text-brand-600 hover:underline" href={`/apis/${a.id}`}>
                        {a.name} {a.version}
                      </a>
                      {a.owner && <span className="text-xs text-slate-500"> ({a.owner})</span>}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}
