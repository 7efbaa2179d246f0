import { listTiers } from "@portico/platform";
import { Alert, Button, Card, PageHeader, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { describeQuota } from "@portico/ui/describe-quota";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { createTierAction, deleteTierAction } from "../actions";
import { updateTierAction } from "./actions";
import { TierFields, tierFieldLabels } from "./tier-fields";

export const dynamic = "force-dynamic";

const levelLabel: Record<string, string> = {
  SUBSCRIPTION: "Subscription",
  APPLICATION: "Application",
  API: "API",
};

export default async function Tiers({
  searchParams,
}: {
  searchParams: Promise<{ edit?: string; deleted?: string }>;
}) {
  const tiers = await listTiers(operationContext(await requireRole("admin")));
  const { edit, deleted } = await searchParams;
  const editing = tiers.find((t) => t.id === edit);
  return (
    <>
      <PageHeader
        title="Throttling tiers"
        description="Request limits for subscriptions, applications and APIs."
      />
      {typeof deleted === "string" && deleted && (
        <div className="mb-4">
          <Alert tone="green">Tier {deleted.slice(0, 50)} deleted.</Alert>
        </div>
      )}
      <Table
        head={[
          "Name",
          "Level",
          "Quota",
          "Burst",
          <span key="a" className="sr-only">
            Actions
          </span>,
        ]}
      >
        {tiers.map((t) => (
          <tr key={t.id} aria-current={t.id === editing?.id ? "true" : undefined}>
            <td className="px-4 py-2 font-medium">{t.name}</td>
            <td className="px-4 py-2">{levelLabel[t.level] ?? t.level}</td>
            <td className="px-4 py-2">{describeQuota(t)}</td>
            <td className="px-4 py-2">{t.burst ?? "—"}</td>
            <td className="px-4 py-2">
              <div className="flex items-start gap-2">
                <a
                  href={`/admin/tiers?edit=${t.id}#edit-tier`}
                  className="rounded-md px-3.5 py-2 text-sm font-medium text-brand-700 hover:underline"
                  aria-label={`Edit ${t.name}`}
                >
                  Edit
                </a>
                <ActionForm
                  action={deleteTierAction}
                  confirm={{
                    title: `Delete the tier ${t.name}?`,
                    consequence:
                      "APIs stop offering it. A tier that subscriptions still use cannot be deleted.",
                    confirmLabel: "Delete tier",
                  }}
                >
                  <input type="hidden" name="id" value={t.id} />
                  <input type="hidden" name="name" value={t.name} />
                  <Button type="submit" tone="ghost" aria-label={`Delete ${t.name}`} className="text-red-700">
                    Delete
                  </Button>
                </ActionForm>
              </div>
            </td>
          </tr>
        ))}
      </Table>
      {editing && (
        <Card title={`Edit ${editing.name}`} className="mt-8 scroll-mt-4" id="edit-tier">
          <ActionForm
            key={editing.id}
            action={updateTierAction.bind(null, editing.id)}
            className="grid gap-4 sm:grid-cols-3"
            fieldLabels={tierFieldLabels}
          >
            <TierFields idPrefix="edit-tier" tier={editing} />
            <div className="flex gap-2 sm:col-span-3">
              <Button type="submit">Save tier</Button>
              <a
                href="/admin/tiers"
                className="rounded-md px-3.5 py-2 text-sm font-medium text-brand-700 hover:underline"
              >
                Cancel
              </a>
            </div>
          </ActionForm>
        </Card>
      )}
      <Card title="New tier" className="mt-8">
        <ActionForm
          action={createTierAction}
          className="grid gap-4 sm:grid-cols-3"
          fieldLabels={tierFieldLabels}
          resetOnSuccess
        >
          <TierFields idPrefix="new-tier" />
          <div className="sm:col-span-3">
            <Button type="submit">Create tier</Button>
          </div>
        </ActionForm>
      </Card>
    </>
  );
}
