import { listPolicies } from "@portico/platform";
import { Badge, LinkButton, PageHeader, Table } from "@portico/ui";
import { adminContext } from "./_parts/context";

export const dynamic = "force-dynamic";

export default async function Policies() {
  const policies = await listPolicies(await adminContext());
  return (
    <>
      <PageHeader
        title="XACML policies"
        description="XACML 3.0 policies the gateway enforces on the APIs and resources they are attached to."
        actions={<LinkButton href="/admin/policies/new">Upload a policy</LinkButton>}
      />
      {policies.length === 0 ? (
        <p className="text-sm text-slate-500">
          No policy yet. Upload one to authorize calls by role or by any attribute.
        </p>
      ) : (
        <Table head={["Name", "PolicyId", "Version", "State", "Attached to"]}>
          {policies.map((p) => (
            <tr key={p.id} data-testid={`policy-${p.name}`}>
              <td className="px-4 py-2 font-medium">
                <a className="text-brand-600 hover:underline" href={`/admin/policies/${p.id}`}>
                  {p.name}
                </a>
                {p.description && <span className="block text-xs text-slate-500">{p.description}</span>}
              </td>
              <td className="px-4 py-2 font-mono text-xs">{p.policyXmlId}</td>
              <td className="px-4 py-2">{p.currentVersion}</td>
              <td className="px-4 py-2">
                {p.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>}
              </td>
              <td className="px-4 py-2">
                {p.attachmentCount === 0 ? "—" : `${p.attachmentCount} API(s) or resource(s)`}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
