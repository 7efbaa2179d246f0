import path from "node:path";
import {
  applicationTokenBounds,
  getApplication,
  getCatalogApi,
  listActiveTokens,
  listApiKeys,
  listApplicationTiers,
  listAvailableGrantTypes,
  listDeveloperKeyManagers,
  listKeys,
  listSubscriptions,
  listTokenScopes,
} from "@portico/platform";
import { Badge, Button, Card, PageHeader, StateBadge, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { DateTime } from "@portico/ui/date-time";
import { ApiKeysPanel } from "@/components/api-keys-panel";
import { ApplicationForm } from "@/components/application-form";
import { CertificatesSection } from "@/components/certificates-section";
import { ExternalKeysPanel } from "@/components/external-keys-panel";
import { KeysPanel } from "@/components/keys-panel";
import { type CurlTarget, TokenForm } from "@/components/token-form";
import { requireDeveloper } from "@/server/auth";
import { settings } from "@/server/db";
import { operationContext } from "@/server/operations";
import { orNotFound } from "../../or-not-found";
import {
  deleteApplicationAction,
  generateTokenAction,
  keysAction,
  revokeTokensAction,
  unsubscribeAction,
  updateApplicationAction,
} from "./actions";
import { generateApiKeyAction, revokeApiKeyAction } from "./api-keys/actions";
import { externalKeysAction } from "./external-keys/actions";

export const dynamic = "force-dynamic";

const subscriptionState: Record<string, { label: string; tone: "green" | "amber" | "red"; why?: string }> = {
  ACTIVE: { label: "Active", tone: "green" },
  BLOCKED: { label: "Blocked", tone: "red", why: "The publisher blocked it: the gateway refuses its calls." },
  PROD_ONLY_BLOCKED: {
    label: "Production blocked",
    tone: "amber",
    why: "The publisher blocked production calls; sandbox keys still work.",
  },
  ON_HOLD: {
    label: "Pending approval",
    tone: "amber",
    why: "The API's owner approves new subscriptions: the gateway refuses its calls until then.",
  },
  REJECTED: { label: "Rejected", tone: "red", why: "The API's owner rejected this subscription." },
};

// Without configured certificates the processes use the local CA in the data directory.
const localCaFile = settings.PORTICO_TLS_CERT ? null : path.join(settings.dataDir, "tls", "ca.pem");

export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = operationContext(await requireDeveloper());
  const app = await orNotFound(getApplication(ctx, id));
  const [keys, grantTypes, subscriptions, scopes, bounds, tokens, tiers, keyManagers, apiKeys] =
    await Promise.all([
      listKeys(ctx, id),
      listAvailableGrantTypes(ctx),
      listSubscriptions(ctx, { applicationId: id }),
      listTokenScopes(ctx, id),
      applicationTokenBounds(ctx),
      listActiveTokens(ctx, id),
      listApplicationTiers(ctx),
      listDeveloperKeyManagers(ctx),
      listApiKeys(ctx, id),
    ]);
  const targets: CurlTarget[] = (
    await Promise.all(
      subscriptions.map((s) =>
        getCatalogApi(ctx, s.api.id).then(
          (api) => ({
            baseUrl: api.gatewayUrls.versioned,
            resources: api.resources
              .filter((r) => r.authRequired)
              .map((r) => ({ method: r.method, path: r.path, scopes: r.scopes })),
          }),
          // a retired API no longer shows in the catalog: nothing to call
          () => null,
        ),
      ),
    )
  ).filter((t) => t !== null);
  const keysOf = (type: "PRODUCTION" | "SANDBOX") => keys.find((k) => k.keyType === type) ?? null;
  const defaultValidity = Math.max(bounds.min, Math.min(app.defaultValidity, bounds.max));

  return (
    <>
      <PageHeader
        title={app.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone="blue">{app.tokenType}</Badge>
            {app.tier && <Badge>{app.tier}</Badge>}
            <span>{app.description}</span>
          </span>
        }
        actions={
          <a href={`/usage?applicationId=${app.id}`} className="text-sm text-brand-600 hover:underline">
            Usage
          </a>
        }
      />

      <div id="keys" className="grid scroll-mt-4 gap-6 lg:grid-cols-2">
        <KeysPanel
          keyType="PRODUCTION"
          title="Production keys"
          keys={keysOf("PRODUCTION")}
          grantTypes={grantTypes}
          action={keysAction.bind(null, app.id, "PRODUCTION")}
        />
        <KeysPanel
          keyType="SANDBOX"
          title="Sandbox keys"
          keys={keysOf("SANDBOX")}
          grantTypes={grantTypes}
          action={keysAction.bind(null, app.id, "SANDBOX")}
        />
      </div>

      {keyManagers.length > 0 && (
        <ExternalKeysPanel keyManagers={keyManagers} action={externalKeysAction.bind(null, app.id)} />
      )}

      <CertificatesSection appId={app.id} />
      <ApiKeysPanel
        applicationName={app.name}
        apiKeys={apiKeys}
        generate={generateApiKeyAction.bind(null, app.id)}
        revoke={revokeApiKeyAction.bind(null, app.id)}
      />

      <Card
        title="Subscriptions"
        className="mt-6"
        actions={
          <a href="/" className="text-sm text-brand-600 hover:underline">
            Browse APIs to subscribe
          </a>
        }
      >
        {subscriptions.length === 0 ? (
          <p className="text-sm text-slate-500">This application is not subscribed to any API yet.</p>
        ) : (
          <Table head={["API", "Tier", "State", ""]}>
            {subscriptions.map((s) => {
              const state = subscriptionState[s.state];
              return (
                <tr key={s.id}>
                  <td className="px-4 py-2">
                    <a href={`/apis/${s.api.id}`} className="text-brand-600 hover:underline">
                      {s.api.name} {s.api.version}
                    </a>
                  </td>
                  <td className="px-4 py-2">{s.tier}</td>
                  <td className="px-4 py-2" data-testid="subscription-state">
                    {state ? <Badge tone={state.tone}>{state.label}</Badge> : <StateBadge state={s.state} />}
                    {state?.why && <p className="mt-1 text-xs text-slate-500">{state.why}</p>}
                    {s.approval?.comment && (
                      <p className="mt-1 text-xs text-slate-700" data-testid="approval-comment">
                        {s.approval.status === "REJECTED" ? "Rejected" : "Approved"} by the API's owner: “
                        {s.approval.comment}”
                      </p>
                    )}
                  </td>
                  <td className="px-4 py-2 text-right">
                    <ActionForm action={unsubscribeAction.bind(null, app.id)}>
                      <input type="hidden" name="subscriptionId" value={s.id} />
                      <Button
                        type="submit"
                        tone="secondary"
                        aria-label={`Unsubscribe from ${s.api.name} ${s.api.version}`}
                      >
                        Unsubscribe
                      </Button>
                    </ActionForm>
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </Card>

      <Card title="Generate an access token" className="mt-6">
        <TokenForm
          action={generateTokenAction.bind(null, app.id)}
          applicationName={app.name}
          keyTypes={keys.map((k) => ({
            keyType: k.keyType,
            clientCredentials: k.grantTypes.includes("client_credentials"),
          }))}
          scopes={scopes}
          bounds={bounds}
          defaultValidity={defaultValidity}
          targets={targets}
          caFile={localCaFile}
          issuer={settings.PORTICO_ISSUER}
          clientIds={Object.fromEntries(keys.map((k) => [k.keyType, k.consumerKey]))}
        />
      </Card>

      <Card
        title={`Active tokens (${tokens.length})`}
        className="mt-6"
        actions={
          tokens.length > 0 && (
            <ActionForm
              action={revokeTokensAction.bind(null, app.id)}
              confirm={{
                title: `Revoke every active token of ${app.name}?`,
                consequence: "Calls made with them will be refused.",
                confirmLabel: "Revoke all tokens",
              }}
            >
              <Button type="submit" tone="danger">
                Revoke all tokens
              </Button>
            </ActionForm>
          )
        }
      >
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-500">No active token.</p>
        ) : (
          <Table head={["Key type", "Format", "Scopes", "Issued", "Expires", ""]}>
            {tokens.map((t) => (
              <tr key={t.id} data-testid="active-token">
                <td className="px-4 py-2">{t.keyType}</td>
                <td className="px-4 py-2">{t.format}</td>
                <td className="px-4 py-2 font-mono text-xs">{t.scope || "—"}</td>
                <td className="px-4 py-2 text-xs text-slate-500">
                  <DateTime value={t.issuedAt} />
                </td>
                <td className="px-4 py-2 text-xs">
                  <DateTime value={t.expiresAt} />
                </td>
                <td className="px-4 py-2 text-right">
                  <ActionForm action={revokeTokensAction.bind(null, app.id)}>
                    <input type="hidden" name="tokenId" value={t.id} />
                    <Button type="submit" tone="secondary">
                      Revoke token
                    </Button>
                  </ActionForm>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card title="Application settings" className="lg:col-span-2">
          <ApplicationForm
            action={updateApplicationAction.bind(null, app.id)}
            initial={{
              name: app.name,
              description: app.description ?? "",
              tokenType: app.tokenType,
              defaultValidity: app.defaultValidity,
              tier: app.tier ?? "",
            }}
            tiers={tiers}
            submitLabel="Save application"
          />
        </Card>
        <Card title="Delete">
          <p className="text-sm text-slate-600">
            Deleting the application revokes its keys and tokens and ends its subscriptions.
          </p>
          <ActionForm
            action={deleteApplicationAction.bind(null, app.id)}
            className="mt-3"
            confirm={{
              title: `Delete ${app.name}?`,
              consequence: "Its keys and tokens are revoked and its subscriptions end.",
              confirmLabel: "Delete application",
            }}
          >
            <Button type="submit" tone="danger">
              Delete application
            </Button>
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
