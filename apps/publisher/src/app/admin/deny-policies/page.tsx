import { listDenyPolicies, listDenyPolicyTargets } from "@portico/platform";
import { Alert, Badge, Button, Card, PageHeader, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { DateTime } from "@portico/ui/date-time";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { createDenyPolicyAction, deleteDenyPolicyAction, updateDenyPolicyAction } from "./actions";
import { DenyPolicyFields, denyPolicyFieldLabels } from "./deny-policy-fields";

export const dynamic = "force-dynamic";

export default async function DenyPolicies({
  searchParams,
}: {
  searchParams: Promise<{ edit?: string; removed?: string }>;
}) {
  const ctx = operationContext(await requireRole("admin"));
  const [rules, targets] = await Promise.all([listDenyPolicies(ctx), listDenyPolicyTargets(ctx)]);
  const { edit, removed } = await searchParams;
  const editing = rules.find((r) => r.id === edit);
  const apiName = new Map(targets.apis.map((a) => [a.id, a.label]));
  const appName = new Map(targets.applications.map((a) => [a.id, a.label]));
  const conditions = (r: (typeof rules)[number]) =>
    [
      r.applicationId && `Application ${appName.get(r.applicationId) ?? "(deleted)"}`,
      r.username && `User ${r.username}`,
      r.ipRange && `From ${r.ipRange}`,
      r.apiId && `API ${apiName.get(r.apiId) ?? "(deleted)"}`,
    ].filter((c): c is string => Boolean(c));
  return (
    <>
      <PageHeader
        title="Deny policies"
        description="Platform-wide block rules: the gateways refuse every call that matches all of a rule's conditions (403 access_denied_by_policy), before the backend and before throttling counts it."
      />
      {removed && (
        <div className="mb-4">
          <Alert tone="green">
            Deny policy removed. Gateways let its calls through again within seconds.
          </Alert>
        </div>
      )}
      {rules.length === 0 ? (
        <p className="text-sm text-slate-600">No deny policies: nothing is blocked platform-wide.</p>
      ) : (
        <Table
          head={[
            "Blocks",
            "Reason",
            "Expires",
            <span key="a" className="sr-only">
              Actions
            </span>,
          ]}
        >
          {rules.map((r) => {
            const words = conditions(r);
            return (
              <tr key={r.id} aria-current={r.id === editing?.id ? "true" : undefined}>
                <td className="px-4 py-2">
                  <ul>
                    {words.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                </td>
                <td className="px-4 py-2">{r.reason ?? "—"}</td>
                <td className="px-4 py-2">
                  {r.expiresAt ? <DateTime value={r.expiresAt} /> : "Never"}{" "}
                  {r.expired && <Badge tone="slate">expired</Badge>}
                </td>
                <td className="px-4 py-2">
                  <div className="flex items-start gap-2">
                    <a
                      href={`/admin/deny-policies?edit=${r.id}#edit-deny-policy`}
                      className="rounded-md px-3.5 py-2 text-sm font-medium text-brand-700 hover:underline"
                      aria-label={`Edit the rule blocking ${words.join(", ")}`}
                    >
                      Edit
                    </a>
                    <ActionForm
                      action={deleteDenyPolicyAction}
                      confirm={{
                        title: "Remove this deny policy?",
                        consequence: `Calls it blocks (${words.join(", ")}) go through again.`,
                        confirmLabel: "Remove",
                      }}
                    >
                      <input type="hidden" name="id" value={r.id} />
                      <Button
                        type="submit"
                        tone="ghost"
                        aria-label={`Remove the rule blocking ${words.join(", ")}`}
                        className="text-red-700"
                      >
                        Remove
                      </Button>
                    </ActionForm>
                  </div>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      {editing && (
        <Card title="Edit deny policy" className="mt-8 scroll-mt-4" id="edit-deny-policy">
          <ActionForm
            key={editing.id}
            action={updateDenyPolicyAction.bind(null, editing.id)}
            className="grid gap-4 sm:grid-cols-2"
            fieldLabels={denyPolicyFieldLabels}
          >
            <DenyPolicyFields idPrefix="edit-deny" targets={targets} rule={editing} />
            <div className="flex gap-2 sm:col-span-2">
              <Button type="submit">Save deny policy</Button>
              <a
                href="/admin/deny-policies"
                className="rounded-md px-3.5 py-2 text-sm font-medium text-brand-700 hover:underline"
              >
                Cancel
              </a>
            </div>
          </ActionForm>
        </Card>
      )}
      <Card title="New deny policy" className="mt-8">
        <ActionForm
          action={createDenyPolicyAction}
          className="grid gap-4 sm:grid-cols-2"
          fieldLabels={denyPolicyFieldLabels}
          resetOnSuccess
        >
          <DenyPolicyFields idPrefix="new-deny" targets={targets} />
          <div className="sm:col-span-2">
            <Button type="submit">Create deny policy</Button>
          </div>
        </ActionForm>
      </Card>
    </>
  );
}
