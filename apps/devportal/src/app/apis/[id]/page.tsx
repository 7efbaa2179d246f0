import {
  API_DOCUMENT_TYPE_LABELS,
  getCatalogApi,
  listApplications,
  listCatalogApiEnvironments,
  listCatalogApiTiers,
  listCatalogDocuments,
  listSubscriptions,
  RestScope,
} from "@portico/platform";
import { Badge, Card, PageHeader, StateBadge, Table } from "@portico/ui";
import { AcceptedCredentials } from "@/components/accepted-credentials";
import { ApiReference } from "@/components/api-reference";
import { SubscribeForm } from "@/components/subscribe-form";
import { TryItConsole } from "@/components/try-it-console";
import { viewer } from "@/server/auth";
import { settings } from "@/server/db";
import { operationContext } from "@/server/operations";
import { orNotFound } from "../../or-not-found";
import { subscribeAction, tryItAction } from "./actions";
import { buildOpenApiDocument } from "./openapi-document";

export const dynamic = "force-dynamic";

export default async function ApiPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await viewer();
  const ctx = operationContext(actor);
  const api = await orNotFound(getCatalogApi(ctx, id));
  const [documents, environments] = await Promise.all([
    listCatalogDocuments(ctx, api.id),
    listCatalogApiEnvironments(ctx, api.id),
  ]);
  const signedIn = actor.userId !== "";
  const canSubscribe = actor.scopes.has(RestScope.subscribe) && actor.scopes.has(RestScope.appManage);
  const [applications, subscriptions, tiers] = canSubscribe
    ? await Promise.all([listApplications(ctx), listSubscriptions(ctx), listCatalogApiTiers(ctx, api.id)])
    : [[], [], []];
  const mine = subscriptions.filter((s) => s.api.id === api.id);
  const unsubscribed = applications.filter((a) => !mine.some((s) => s.application.id === a.id));
  const scopeOf = new Map(api.scopes.map((s) => [s.name, s]));

  return (
    <>
      <PageHeader
        title={`${api.name} ${api.version}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StateBadge state={api.state} />
            {api.isDefaultVersion && <Badge tone="blue">default version</Badge>}
            {api.tags.map((t) => (
              <a key={t} href={`/?tag=${encodeURIComponent(t)}`}>
                <Badge tone="blue">{t}</Badge>
              </a>
            ))}
          </span>
        }
        actions={
          <a className="text-sm text-brand-600 hover:underline" href={`/apis/${api.id}/openapi.json`}>
            Download OpenAPI
          </a>
        }
      />
      {api.state === "DEPRECATED" && (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          This version is deprecated: existing subscriptions keep working, new ones are closed.
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="About" className="lg:col-span-2">
          <p className="whitespace-pre-line text-sm text-slate-700">{api.description || "No description."}</p>
          <h3 className="mt-4 text-sm font-semibold">Gateway URLs</h3>
          <ul className="mt-1 space-y-1 font-mono text-xs" aria-label="Gateway URLs">
            <li data-testid="gateway-url">{api.gatewayUrls.versioned}</li>
            {api.gatewayUrls.default && (
              <li>
                {api.gatewayUrls.default} <span className="font-sans text-slate-500">(default version)</span>
              </li>
            )}
          </ul>
          {environments.length > 0 && (
            <>
              <h3 className="mt-4 text-sm font-semibold">Per gateway environment</h3>
              <ul className="mt-1 space-y-1 text-xs" aria-label="Gateway environments">
                {environments.map((e) => (
                  <li key={e.environment} data-testid={`environment-url-${e.environment}`}>
                    <span className="font-medium">{e.displayName}</span>:{" "}
                    <span className="font-mono">{e.httpsUrl}</span>
                    {e.httpUrl && <span className="font-mono text-slate-500"> · {e.httpUrl}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3 className="mt-4 text-sm font-semibold">Tiers offered</h3>
          <div className="mt-1 flex flex-wrap gap-1">
            {api.tiers.length === 0 ? (
              <span className="text-sm text-slate-500">None yet.</span>
            ) : (
              api.tiers.map((t) => <Badge key={t}>{t}</Badge>)
            )}
          </div>
        </Card>
        <Card title="Subscribe">
          {!signedIn ? (
            <p className="text-sm text-slate-600">
              <a href="/signin" className="text-brand-700 underline">
                Sign in
              </a>{" "}
              to subscribe an application.
            </p>
          ) : !canSubscribe ? (
            <p className="text-sm text-slate-600">Your account cannot subscribe applications.</p>
          ) : (
            <div className="space-y-4">
              {mine.length > 0 && (
                <ul className="space-y-1 text-sm" aria-label="My subscriptions to this API">
                  {mine.map((s) => (
                    <li key={s.id} className="flex items-center justify-between gap-2">
                      <span>
                        <a href={`/applications/${s.application.id}`} className="hover:underline">
                          {s.application.name}
                        </a>
                        <span className="ml-2 inline-flex gap-1">
                          <Badge>{s.tier}</Badge>
                          <StateBadge state={s.state} />
                        </span>
                      </span>
                      <a
                        href={`/applications/${s.application.id}#keys`}
                        className="text-sm font-medium whitespace-nowrap text-brand-700 underline"
                      >
                        Keys and tokens →
                      </a>
                    </li>
                  ))}
                </ul>
              )}
              {api.state !== "PUBLISHED" ? null : applications.length === 0 ? (
                <p className="text-sm text-slate-600">
                  <a href="/applications" className="text-brand-700 underline">
                    Create an application
                  </a>{" "}
                  first.
                </p>
              ) : unsubscribed.length === 0 ? (
                <p className="text-sm text-slate-600">All your applications are subscribed.</p>
              ) : api.tiers.length === 0 ? (
                <p className="text-sm text-slate-600">This API offers no tier yet.</p>
              ) : (
                <SubscribeForm
                  action={subscribeAction.bind(null, api.id)}
                  applications={unsubscribed.map((a) => ({ id: a.id, name: a.name }))}
                  tiers={tiers}
                />
              )}
            </div>
          )}
        </Card>
        {documents.length > 0 && (
          <Card title="Documents" className="lg:col-span-2">
            <ul className="space-y-1 text-sm" aria-label="Documents">
              {documents.map((d) => (
                <li key={d.id} className="flex items-center gap-2">
                  {d.sourceUrl ? (
                    <a
                      href={d.sourceUrl}
                      target="_blank"
                      rel="noopener noreferrer"
                      className="text-brand-600 hover:underline"
                    >
                      {d.name} ↗
                    </a>
                  ) : (
                    <a href={`/apis/${api.id}/documents/${d.id}`} className="text-brand-600 hover:underline">
                      {d.name}
                    </a>
                  )}
                  <Badge>{API_DOCUMENT_TYPE_LABELS[d.type] ?? d.type}</Badge>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>

      <Card title="How to call it" className="mt-6">
        <AcceptedCredentials schemes={api.securitySchemes} />
      </Card>

      <Card title="Resources" className="mt-6">
        {api.resources.length === 0 ? (
          <p className="text-sm text-slate-500">No resources.</p>
        ) : (
          <Table head={["Method", "Path", "Description", "Scopes required"]}>
            {api.resources.map((r) => (
              <tr key={r.id}>
                <td className="px-4 py-2 font-mono text-xs">{r.method}</td>
                <td className="px-4 py-2 font-mono text-xs">{r.path}</td>
                <td className="px-4 py-2 text-slate-600">{r.description}</td>
                <td className="px-4 py-2">
                  {!r.authRequired ? (
                    <span className="text-slate-500">open (no token)</span>
                  ) : r.scopes.length === 0 ? (
                    <span className="text-slate-500">any valid token</span>
                  ) : (
                    <ul className="space-y-1">
                      {r.scopes.map((name) => (
                        <li key={name}>
                          <code className="text-xs font-semibold">{name}</code>
                          {scopeOf.get(name)?.description && (
                            <span className="text-slate-600"> — {scopeOf.get(name)?.description}</span>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>

      <Card title="Try it" className="mt-6 scroll-mt-4" id="try-it">
        {signedIn && !canSubscribe ? (
          <p className="text-sm text-slate-600">The console is for accounts with the developer role.</p>
        ) : signedIn ? (
          api.resources.length > 0 ? (
            <TryItConsole
              action={tryItAction.bind(null, api.id)}
              resources={api.resources.map((r) => ({
                id: r.id,
                method: r.method,
                path: r.path,
                scopes: r.scopes,
                authRequired: r.authRequired,
              }))}
              credentials={{
                token: api.securitySchemes.oauth2.enabled
                  ? { dpopOnly: api.securitySchemes.oauth2.dpop === "required" }
                  : null,
                apiKey: api.securitySchemes.apiKey.enabled ? api.securitySchemes.apiKey : null,
                require: api.securitySchemes.require,
              }}
            />
          ) : (
            <p className="text-sm text-slate-500">No resources to call.</p>
          )
        ) : (
          <p className="text-sm text-slate-600">
            <a href="/signin" className="text-brand-700 underline">
              Sign in
            </a>{" "}
            to call this API through the gateway.
          </p>
        )}
      </Card>

      <h2 className="mt-10 mb-4 text-lg font-semibold">Reference</h2>
      <div className="rounded-xl border border-slate-200 bg-white p-4">
        <ApiReference
          spec={buildOpenApiDocument(api, settings.PORTICO_ISSUER)}
          tryItIds={
            signedIn && canSubscribe
              ? new Map(api.resources.map((r) => [`${r.method} ${r.path}`, r.id]))
              : undefined
          }
        />
      </div>
    </>
  );
}
