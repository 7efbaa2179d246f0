import { getApprovalSettings, listApis, listTiers } from "@portico/platform";
import { Button, Card, PageHeader } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { approvalSettingsAction } from "./actions";

export const dynamic = "force-dynamic";

function Box({
  name,
  label,
  checked,
  value,
}: {
  name: string;
  label: string;
  checked: boolean;
  value?: string;
}) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" name={name} value={value} defaultChecked={checked} aria-label={label} />
      {label}
    </label>
  );
}

/** Which requests wait for an approver: subscriptions (the API's owner decides), the rest (admins). */
export default async function ApprovalSettings() {
  const ctx = operationContext(await requireRole("admin"));
  const [settings, apis, tiers] = await Promise.all([
    getApprovalSettings(ctx),
    listApis(ctx, {}),
    listTiers(ctx),
  ]);
  const subscriptionTiers = tiers.filter((t) => t.level === "SUBSCRIPTION");
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Requests that wait for an approver. A subscription waits ON_HOLD (the gateway refuses it) until the API's owner approves; applications, tier changes and publishing wait for an admin."
      />
      <Card>
        <ActionForm action={approvalSettingsAction} className="space-y-5">
          <fieldset className="space-y-2">
            <legend className="mb-1 font-medium">Subscriptions</legend>
            <Box
              name="subscriptionsForAllApis"
              label="Every new subscription"
              checked={settings.subscriptionsForAllApis}
            />
            <p className="text-xs text-slate-500">Or only subscriptions to these APIs:</p>
            <div className="grid gap-1 sm:grid-cols-2">
              {apis.map((a) => (
                <Box
                  key={a.id}
                  name="subscriptionApis"
                  value={a.id}
                  label={`Subscriptions to ${a.name} ${a.version}`}
                  checked={settings.subscriptionApis.includes(a.id)}
                />
              ))}
            </div>
            <p className="text-xs text-slate-500">Or with these tiers:</p>
            <div className="flex flex-wrap gap-4">
              {subscriptionTiers.map((t) => (
                <Box
                  key={t.name}
                  name="subscriptionTiers"
                  value={t.name}
                  label={`Subscriptions with the ${t.name} tier`}
                  checked={settings.subscriptionTiers.includes(t.name)}
                />
              ))}
            </div>
          </fieldset>
          <fieldset className="space-y-2">
            <legend className="mb-1 font-medium">Applications and APIs</legend>
            <Box
              name="applicationCreation"
              label="Application creation"
              checked={settings.applicationCreation}
            />
            <Box
              name="applicationTierChange"
              label="Application tier changes"
              checked={settings.applicationTierChange}
            />
            <Box name="apiPublishing" label="API publishing" checked={settings.apiPublishing} />
          </fieldset>
          <Button type="submit">Save approval settings</Button>
        </ActionForm>
      </Card>
    </>
  );
}
