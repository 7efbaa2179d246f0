import { getPolicy, getPolicyVersion } from "@portico/platform";
import { Badge, Button, Card, PageHeader } from "@portico/ui";
import { adminContext } from "../../../_parts/context";
import { PolicyActionForm } from "../../../_parts/policy-action-form";
import { updatePolicyAction } from "../../../actions";

export const dynamic = "force-dynamic";

export default async function PolicyVersion({
  params,
}: {
  params: Promise<{ id: string; version: string }>;
}) {
  const { id, version } = await params;
  const ctx = await adminContext();
  const [policy, stored] = await Promise.all([
    getPolicy(ctx, id),
    getPolicyVersion(ctx, id, Number(version)),
  ]);
  return (
    <>
      <PageHeader
        title={`${policy.name}, version ${stored.version}`}
        description={
          <span className="flex items-center gap-3">
            {stored.current ? <Badge tone="green">current</Badge> : <Badge>not enforced</Badge>}
            <span>
              saved by {stored.createdBy ?? "—"} on {new Date(stored.createdAt).toUTCString()}
            </span>
          </span>
        }
        actions={
          <a className="text-sm text-brand-600 hover:underline" href={`/admin/policies/${policy.id}`}>
            Back to the policy
          </a>
        }
      />
      {!stored.current && (
        <PolicyActionForm action={updatePolicyAction.bind(null, policy.id)} className="mb-4">
          <input type="hidden" name="op" value="rollback" />
          <input type="hidden" name="version" value={stored.version} />
          <Button type="submit" tone="secondary">
            Make version {stored.version} current
          </Button>
        </PolicyActionForm>
      )}
      <Card>
        <pre className="overflow-x-auto font-mono text-xs leading-5">{stored.content}</pre>
      </Card>
    </>
  );
}
