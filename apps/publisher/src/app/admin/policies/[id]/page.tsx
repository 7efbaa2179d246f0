import { getPolicy, listApis } from "@portico/platform";
import { Badge, Button, Card, Field, inputClass, LinkButton, PageHeader, Table } from "@portico/ui";
import { DateTime } from "@portico/ui/date-time";
import { orNotFound } from "@/server/or-not-found";
import { adminContext } from "../_parts/context";
import { PolicyActionForm } from "../_parts/policy-action-form";
import { TryItPanel } from "../_parts/try-it-panel";
import {
  attachmentAction,
  attachPolicyAction,
  deletePolicyAction,
  tryItAction,
  updatePolicyAction,
} from "../actions";

export const dynamic = "force-dynamic";

export default async function PolicyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await adminContext();
  const [policy, apis] = await Promise.all([orNotFound(getPolicy(ctx, id)), listApis(ctx)]);
  const update = updatePolicyAction.bind(null, policy.id);
  const attachmentOp = attachmentAction.bind(null, policy.id);
  const byApi = apis.map((api) => ({ api, label: `${api.name} ${api.version} (${api.context})` }));

  return (
    <>
      <PageHeader
        title={policy.name}
        description={
          <span className="flex flex-wrap items-center gap-3">
            {policy.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>}
            <span className="font-mono text-xs">{policy.policyXmlId}</span>
            <span>version {policy.currentVersion}</span>
          </span>
        }
        actions={
          <>
            <LinkButton tone="secondary" href={`/admin/policies/${policy.id}/edit`}>
              Edit (new version)
            </LinkButton>
            <PolicyActionForm action={update}>
              <input type="hidden" name="op" value={policy.enabled ? "disable" : "enable"} />
              <Button type="submit" tone={policy.enabled ? "secondary" : "primary"}>
                {policy.enabled ? "Disable" : "Enable"}
              </Button>
            </PolicyActionForm>
          </>
        }
      />
      {!policy.enabled && policy.attachments.length > 0 && (
        <p className="mb-4 text-sm text-amber-800">
          Disabled: the gateway does not enforce this policy where it is attached.
        </p>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Details" className="lg:col-span-1">
          <PolicyActionForm action={update} className="space-y-3">
            <input type="hidden" name="op" value="details" />
            <Field label="Name" name="policy-name">
              <input
                id="policy-name"
                name="name"
                defaultValue={policy.name}
                className={inputClass}
                required
              />
            </Field>
            <Field label="Description" name="policy-description">
              <input
                id="policy-description"
                name="description"
                defaultValue={policy.description ?? ""}
                className={inputClass}
              />
            </Field>
            <Button type="submit" tone="secondary">
              Save
            </Button>
          </PolicyActionForm>
          <PolicyActionForm action={deletePolicyAction.bind(null, policy.id)} className="mt-6">
            <Button
              type="submit"
              tone="ghost"
              className="text-red-600"
              disabled={policy.attachments.length > 0}
            >
              Delete policy
            </Button>
            {policy.attachments.length > 0 && (
              <p className="mt-1 text-xs text-slate-500">Detach it everywhere first.</p>
            )}
          </PolicyActionForm>
        </Card>

        <Card title={`Versions (${policy.versions.length})`} className="lg:col-span-2">
          <Table head={["Version", "Saved by", "Saved at", ""]}>
            {policy.versions.map((v) => (
              <tr key={v.version} data-testid={`version-${v.version}`}>
                <td className="px-4 py-2">
                  <a
                    className="text-brand-600 hover:underline"
                    href={`/admin/policies/${policy.id}/versions/${v.version}`}
                  >
                    {v.version}
                  </a>{" "}
                  {v.current && <Badge tone="green">current</Badge>}
                </td>
                <td className="px-4 py-2">{v.createdBy ?? "—"}</td>
                <td className="px-4 py-2">
                  <DateTime value={v.createdAt} />
                </td>
                <td className="px-4 py-2">
                  {!v.current && (
                    <PolicyActionForm action={update}>
                      <input type="hidden" name="op" value="rollback" />
                      <input type="hidden" name="version" value={v.version} />
                      <Button type="submit" tone="ghost">
                        Make current
                      </Button>
                    </PolicyActionForm>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </Card>
      </div>

      <Card title="Attached to" className="mt-6">
        {policy.attachments.length === 0 ? (
          <p className="text-sm text-slate-500">Not attached: the gateway does not enforce it anywhere.</p>
        ) : (
          <Table head={["API", "Resource", "On NotApplicable", ""]}>
            {policy.attachments.map((a) => (
              <tr key={a.id} data-testid={`attachment-${a.id}`}>
                <td className="px-4 py-2">
                  {a.api.name} {a.api.version}
                </td>
                <td className="px-4 py-2 font-mono text-xs">
                  {a.resource ? `${a.resource.method} ${a.resource.pathTemplate}` : "whole API"}
                </td>
                <td className="px-4 py-2">
                  {a.onNotApplicable === "permit" ? <Badge tone="amber">permit</Badge> : <Badge>deny</Badge>}
                  <PolicyActionForm action={attachmentOp} className="inline-block pl-2">
                    <input type="hidden" name="attachmentId" value={a.id} />
                    <input
                      type="hidden"
                      name="op"
                      value={a.onNotApplicable === "permit" ? "deny" : "permit"}
                    />
                    <Button type="submit" tone="ghost">
                      {a.onNotApplicable === "permit" ? "Deny instead" : "Permit instead"}
                    </Button>
                  </PolicyActionForm>
                </td>
                <td className="px-4 py-2">
                  <PolicyActionForm action={attachmentOp}>
                    <input type="hidden" name="attachmentId" value={a.id} />
                    <input type="hidden" name="op" value="detach" />
                    <Button type="submit" tone="ghost" className="text-red-600">
                      Detach
                    </Button>
                  </PolicyActionForm>
                </td>
              </tr>
            ))}
          </Table>
        )}
        <PolicyActionForm
          action={attachPolicyAction.bind(null, policy.id)}
          className="mt-4 grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
        >
          <Field label="Attach to" name="attach-target">
            <select id="attach-target" name="target" className={inputClass} required defaultValue="">
              <option value="" disabled>
                Choose an API or a resource
              </option>
              {byApi.map(({ api, label }) => (
                <optgroup key={api.id} label={label}>
                  <option value={`api:${api.id}`}>{label}: whole API</option>
                  {api.resources.map((r) => (
                    <option key={r.id} value={`res:${api.id}:${r.id}`}>
                      {label}: {r.method} {r.path}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </Field>
          <Field label="On NotApplicable" name="attach-na">
            <select id="attach-na" name="onNotApplicable" className={inputClass} defaultValue="deny">
              <option value="deny">deny (fail closed)</option>
              <option value="permit">permit</option>
            </select>
          </Field>
          <Button type="submit">Attach</Button>
        </PolicyActionForm>
      </Card>

      <Card title="Try it" className="mt-6">
        <p className="mb-4 text-sm text-slate-600">
          Builds the request the gateway would send for a call, decides it with this policy (enabled or not),
          and shows the rule that decided.
        </p>
        <TryItPanel
          action={tryItAction.bind(null, policy.id)}
          versions={policy.versions.map((v) => v.version)}
          currentVersion={policy.currentVersion}
          targets={byApi.map(({ api, label }) => ({
            label,
            options: [
              { value: `api:${api.id}`, label: `${label}: resource from method and path` },
              ...api.resources.map((r) => ({
                value: `res:${r.id}`,
                label: `${label}: ${r.method} ${r.path}`,
              })),
            ],
          }))}
        />
      </Card>
    </>
  );
}
