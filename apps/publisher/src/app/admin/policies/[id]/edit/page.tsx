import { getPolicy } from "@portico/platform";
import { Card, PageHeader } from "@portico/ui";
import { orNotFound } from "@/server/or-not-found";
import { adminContext } from "../../_parts/context";
import { PolicyEditor } from "../../_parts/policy-editor";
import { newVersionAction } from "../../actions";

export const dynamic = "force-dynamic";

export default async function EditPolicy({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const policy = await orNotFound(getPolicy(await adminContext(), id));
  return (
    <>
      <PageHeader
        title={`Edit ${policy.name}`}
        description={`Saving stores version ${Math.max(...policy.versions.map((v) => v.version)) + 1} and makes it current; version ${policy.currentVersion} stays available.`}
        actions={
          <a className="text-sm text-brand-600 hover:underline" href={`/admin/policies/${policy.id}`}>
            Back to the policy
          </a>
        }
      />
      <Card>
        <PolicyEditor
          action={newVersionAction.bind(null, policy.id)}
          mode="version"
          initialContent={policy.content}
          submitLabel="Check and save as a new version"
        />
      </Card>
    </>
  );
}
