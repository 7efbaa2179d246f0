import {
  describeGatewayPolicies,
  getApi,
  getApiOperations,
  lifecycle,
  listApiDocuments,
  listApiKeyManagers,
  listApiSubscriptions,
  listResourceTiers,
  listRoles,
  listSharedScopes,
  listSubscriptionTiers,
} from "@portico/platform";
import { Badge, Button, Card, inputClass, PageHeader, StateBadge, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { ApiDocumentsCard } from "@/components/api-documents-card";
import { ApiForm } from "@/components/api-form";
import { settingsOf } from "@/components/api-settings-value";
import { GatewayPoliciesCard } from "@/components/gateway-policies-card";
import { SecuritySchemesCard } from "@/components/security-schemes-card";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { orNotFound } from "@/server/or-not-found";
import {
  deleteApiAction,
  lifecycleAction,
  newVersionAction,
  subscriptionAction,
  updateApiAction,
} from "../actions";
import { securitySchemesAction } from "./security-schemes/actions";

export const dynamic = "force-dynamic";

const actionLabel: Record<string, string> = {
  publish: "Publish",
  deprecate: "Deprecate",
  retire: "Retire",
  block: "Block",
  unblock: "Unblock",
};

export default async function ApiPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireRole("publisher", "admin");
  const ctx = operationContext(actor);
  // another owner's API does not exist for this publisher: the 404 page, as for an unknown id
  const api = await orNotFound(getApi(ctx, id));
  const [subscriptions, roles, tiers, keyManagers, sharedScopes, documents, resourceTiers, operations] =
    await Promise.all([
      listApiSubscriptions(ctx, id),
      listRoles(ctx),
      listSubscriptionTiers(ctx),
      listApiKeyManagers(ctx),
      listSharedScopes(ctx).then((ss) => ss.map((x) => x.name)),
      listApiDocuments(ctx, id),
      listResourceTiers(ctx).then((ts) => ts.map((t) => t.name)),
      getApiOperations(ctx, id),
    ]);
  const actions = Object.keys(lifecycle[api.state]);
  return (
    <>
      <PageHeader
        title={`${api.name} ${api.version}`}
        description={
          <span className="flex flex-wrap items-center gap-3">
            <StateBadge state={api.state} />
            <span className="font-mono text-xs">{api.gatewayUrls.versioned}</span>
            {api.isDefaultVersion && <Badge tone="blue">default version</Badge>}
          </span>
        }
        actions={
          <span className="flex gap-4">
            <a className="text-sm text-brand-600 hover:underline" href={`/apis/${api.id}/revisions`}>
              Revisions and deployments
            </a>
            <a className="text-sm text-brand-600 hover:underline" href={`/apis/${api.id}/openapi.json`}>
              Export OpenAPI
            </a>
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Lifecycle" className="lg:col-span-1">
          <p className="text-sm text-slate-600">
            State: <strong data-testid="api-state">{api.state}</strong>
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            {actions.length === 0 && <p className="text-sm text-slate-500">No further transitions.</p>}
            {actions.map((a) => (
              <ActionForm
                key={a}
                action={lifecycleAction.bind(null, api.id)}
                confirm={
                  a === "block" || a === "retire"
                    ? {
                        title: `${actionLabel[a]} ${api.name} ${api.version}?`,
                        consequence:
                          a === "block"
                            ? "The gateway refuses every call to it until it is unblocked."
                            : "It leaves the catalog and the gateway stops serving it; a retired API cannot come back.",
                        confirmLabel: `${actionLabel[a]} API`,
                      }
                    : undefined
                }
              >
                <input type="hidden" name="action" value={a} />
                <Button type="submit" tone={a === "block" || a === "retire" ? "danger" : "primary"}>
                  {actionLabel[a]}
                </Button>
              </ActionForm>
            ))}
          </div>
          <ActionForm action={newVersionAction.bind(null, api.id)} className="mt-6 space-y-2">
            <label htmlFor="new-version" className="block text-sm font-medium">
              New version
            </label>
            <div className="flex gap-2">
              <input id="new-version" name="version" className={inputClass} placeholder="2.0.0" required />
              <Button type="submit" tone="secondary">
                Create
              </Button>
            </div>
          </ActionForm>
          <ActionForm
            action={deleteApiAction.bind(null, api.id)}
            className="mt-6"
            confirm={{
              title: `Delete ${api.name} ${api.version}?`,
              consequence:
                "Its resources, scopes, documents and subscriptions are deleted, and the gateway stops serving it. This cannot be undone.",
              confirmLabel: "Delete API",
              typeToConfirm: api.name,
            }}
          >
            <Button type="submit" tone="ghost" className="text-red-700">
              Delete API
            </Button>
          </ActionForm>
        </Card>
        <Card title={`Subscriptions (${subscriptions.length})`} className="lg:col-span-2">
          {subscriptions.length === 0 ? (
            <p className="text-sm text-slate-500">No application is subscribed yet.</p>
          ) : (
            <Table head={["Application", "Owner", "Tier", "State", ""]}>
              {subscriptions.map((s) => (
                <tr key={s.id}>
                  <td className="px-4 py-2">{s.application.name}</td>
                  <td className="px-4 py-2">{s.application.owner}</td>
                  <td className="px-4 py-2">{s.tier}</td>
                  <td className="px-4 py-2">
                    <StateBadge state={s.state} />
                  </td>
                  <td className="px-4 py-2">
                    <ActionForm
                      action={subscriptionAction.bind(null, api.id)}
                      confirm={
                        s.state === "ACTIVE"
                          ? {
                              title: `Block ${s.application.name}'s subscription?`,
                              consequence: `Calls from ${s.application.name} (${s.application.owner}) to this API are refused at once, until you unblock it.`,
                              confirmLabel: "Block subscription",
                            }
                          : undefined
                      }
                    >
                      <input type="hidden" name="subscriptionId" value={s.id} />
                      <input type="hidden" name="action" value={s.state === "ACTIVE" ? "block" : "unblock"} />
                      <Button type="submit" tone="secondary">
                        {s.state === "ACTIVE" ? "Block" : "Unblock"}
                      </Button>
                    </ActionForm>
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      </div>
      <div className="mt-6">
        <ApiDocumentsCard apiId={api.id} documents={documents} />
      </div>
      <div className="mt-6">
        <SecuritySchemesCard
          action={securitySchemesAction.bind(null, api.id)}
          initial={api.securitySchemes}
          resources={api.resources.map((r) => ({ method: r.method, path: r.path }))}
        />
      </div>
      <div className="mt-6">
        <GatewayPoliciesCard
          action={updateApiAction.bind(null, api.id)}
          attachments={api.gatewayPolicies as Array<{ policy: string }>}
          catalog={describeGatewayPolicies()}
          resources={api.resources.map((r) => ({ method: r.method, path: r.path }))}
        />
      </div>
      <h2 className="mt-10 mb-4 text-lg font-semibold">Definition</h2>
      <ApiForm
        editing
        action={updateApiAction.bind(null, api.id)}
        roles={roles.map((r) => r.name)}
        options={{ tiers, keyManagers }}
        sharedScopes={sharedScopes}
        resourceTiers={resourceTiers}
        operations={operations}
        initial={{
          name: api.name,
          version: api.version,
          context: api.context,
          description: api.description ?? "",
          tags: api.tags.join(", "),
          production: api.endpoints.production ?? "",
          sandbox: api.endpoints.sandbox ?? "",
          productionFailovers: api.endpoints.productionFailovers.join("\n"),
          sandboxFailovers: api.endpoints.sandboxFailovers.join("\n"),
          loadBalance: api.endpoints.loadBalance,
          visibility: api.visibility,
          settings: settingsOf(api),
          scopes: api.scopes.map((s) => ({
            name: s.name,
            displayName: s.displayName ?? undefined,
            description: s.description ?? "",
            roles: s.roles,
          })),
          resources: api.resources.map((r) => ({
            method: r.method,
            path: r.path,
            scopes: r.scopes,
            authRequired: r.authRequired,
            description: r.description ?? undefined,
            throttlingTier: r.throttlingTier ?? undefined,
          })),
        }}
      />
    </>
  );
}
