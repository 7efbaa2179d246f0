import { getPolicy, getPolicyVersion } from "@portico/platform";
import { Badge, Button, Card, PageHeader } from "@portico/ui";
import { DateTime } from "@portico/ui/date-time";
import { notFound } from "next/navigation";
import { orNotFound } from "@/server/or-not-found";
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
  if (!/^[1-9]\d{0,8}$/.test(version)) notFound();
  const ctx = await adminContext();
  const [policy, stored] = await Promise.all([
    orNotFound(getPolicy(ctx, id)),
    orNotFound(getPolicyVersion(ctx, id, Number(version))),
  ]);
  return (
    <>
      <PageHeader
        title={`${policy.name}, version ${stored.version}`}
        description={
          <span className="flex items-center gap-3">
            {stored.current ? <Badge tone="green">current</Badge> : <Badge>not enforced</Badge>}
            <span>
              saved by {stored.createdBy ?? "—"} on <DateTime value={stored.createdAt} />
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
