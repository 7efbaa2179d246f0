import {
  AppError,
  compareApiRevisions,
  getApi,
  listApiDeployments,
  listApiRevisions,
  WORKING_COPY,
} from "@portico/platform";
import { Alert, Badge, Button, Card, Field, inputClass, PageHeader, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { orNotFound } from "@/server/or-not-found";
import {
  createRevisionAction,
  deleteRevisionAction,
  deployRevisionAction,
  restoreRevisionAction,
  undeployAction,
} from "./actions";
import { RevisionDiff } from "./revision-diff";

export const dynamic = "force-dynamic";

export default async function RevisionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const { id } = await params;
  const { from, to } = await searchParams;
  const ctx = operationContext(await requireRole("publisher", "admin"));
  const api = await orNotFound(getApi(ctx, id));
  const [revisions, deployments] = await Promise.all([
    listApiRevisions(ctx, id),
    listApiDeployments(ctx, id),
  ]);
  const label = (rid: string) =>
    rid === WORKING_COPY
      ? "the working copy"
      : `revision ${revisions.find((r) => r.id === rid)?.number ?? "?"}`;
  let comparison:
    | { title: string; diff: Awaited<ReturnType<typeof compareApiRevisions>>["diff"] }
    | undefined;
  let compareError: string | undefined;
  if (typeof from === "string" && typeof to === "string" && from && to) {
    try {
      const result = await compareApiRevisions(ctx, id, { from, to });
      comparison = { title: `From ${label(from)} to ${label(to)}`, diff: result.diff };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      compareError = error.message;
    }
  }
  const options = [
    ...revisions.map((r) => ({ value: r.id, text: `Revision ${r.number}` })),
    { value: WORKING_COPY, text: "Working copy" },
  ];
  return (
    <>
      <PageHeader
        title={`${api.name} ${api.version}: revisions`}
        description="Snapshots of the API's definition. Gateways serve the revision deployed to their environment; saving the API changes only the working copy."
        actions={
          <a className="text-sm text-brand-600 hover:underline" href={`/apis/${api.id}`}>
            Back to the API
          </a>
        }
      />
      {deployments.servesWorkingCopy && (
        <div className="mb-4">
          <Alert tone="amber">
            This API was never deployed: gateways of the default environment serve it as saved. Deploying a
            revision changes that.
          </Alert>
        </div>
      )}
      <Card title="Gateway environments">
        <Table
          head={[
            "Environment",
            "Serves",
            "URL",
            <span key="a" className="sr-only">
              Actions
            </span>,
          ]}
        >
          {deployments.environments.map((e) => (
            <tr key={e.environment} data-testid={`environment-${e.environment}`}>
              <td className="px-4 py-2">
                <span className="font-medium">{e.displayName}</span>{" "}
                <span className="font-mono text-xs text-slate-500">{e.environment}</span>
              </td>
              <td className="px-4 py-2">{e.revision ? `Revision ${e.revision.number}` : "—"}</td>
              <td className="px-4 py-2 font-mono text-xs">{e.url}</td>
              <td className="px-4 py-2">
                {e.revision && (
                  <ActionForm
                    action={undeployAction.bind(null, api.id)}
                    confirm={{
                      title: `Undeploy ${api.name} from ${e.displayName}?`,
                      consequence:
                        "Its gateways stop serving the API until a revision is deployed there again.",
                      confirmLabel: "Undeploy",
                    }}
                  >
                    <input type="hidden" name="environment" value={e.environment} />
                    <Button
                      type="submit"
                      tone="ghost"
                      className="text-red-700"
                      aria-label={`Undeploy from ${e.environment}`}
                    >
                      Undeploy
                    </Button>
                  </ActionForm>
                )}
              </td>
            </tr>
          ))}
        </Table>
      </Card>
      <Card title="Create a revision" className="mt-6">
        <ActionForm
          action={createRevisionAction.bind(null, api.id)}
          className="flex flex-wrap items-end gap-3"
          resetOnSuccess
        >
          <div className="min-w-64 flex-1">
            <Field
              label="Description"
              name="description"
              hint="At most 5 revisions are kept: the oldest undeployed one makes room."
            >
              <input id="description" name="description" maxLength={500} className={inputClass} />
            </Field>
          </div>
          <Button type="submit">Create revision</Button>
        </ActionForm>
      </Card>
      <Card title="Revisions" className="mt-6">
        {revisions.length === 0 ? (
          <p className="text-sm text-slate-600">No revisions yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {revisions.map((r) => (
              <li key={r.id} className="py-3" data-testid={`revision-${r.number}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <strong>Revision {r.number}</strong>
                  {r.description && <span className="text-sm text-slate-600">{r.description}</span>}
                  {r.deployments.map((d) => (
                    <Badge key={d.environment} tone="green">
                      {d.environment}
                    </Badge>
                  ))}
                  <span className="text-xs text-slate-500">
                    {r.createdBy ?? "—"}, {r.createdAt.slice(0, 16).replace("T", " ")} UTC
                  </span>
                </div>
                <div className="mt-2 flex flex-wrap items-start gap-3">
                  <ActionForm
                    action={deployRevisionAction.bind(null, api.id)}
                    className="flex flex-wrap items-center gap-2"
                  >
                    <input type="hidden" name="revisionId" value={r.id} />
                    {deployments.environments.map((e) => (
                      <label key={e.environment} className="flex items-center gap-1 text-sm">
                        <input
                          type="checkbox"
                          name="environment"
                          value={e.environment}
                          aria-label={`Revision ${r.number} to ${e.environment}`}
                        />
                        {e.environment}
                      </label>
                    ))}
                    <Button type="submit" tone="secondary" aria-label={`Deploy revision ${r.number}`}>
                      Deploy
                    </Button>
                  </ActionForm>
                  <ActionForm
                    action={restoreRevisionAction.bind(null, api.id)}
                    confirm={{
                      title: `Restore revision ${r.number} into the working copy?`,
                      consequence:
                        "Unsaved work is lost; what gateways serve does not change until you deploy.",
                      confirmLabel: "Restore",
                    }}
                  >
                    <input type="hidden" name="revisionId" value={r.id} />
                    <Button type="submit" tone="ghost" aria-label={`Restore revision ${r.number}`}>
                      Restore
                    </Button>
                  </ActionForm>
                  <ActionForm
                    action={deleteRevisionAction.bind(null, api.id)}
                    confirm={{
                      title: `Delete revision ${r.number}?`,
                      consequence:
                        "A deployed revision cannot be deleted; its number is not given out again.",
                      confirmLabel: "Delete revision",
                    }}
                  >
                    <input type="hidden" name="revisionId" value={r.id} />
                    <Button
                      type="submit"
                      tone="ghost"
                      className="text-red-700"
                      aria-label={`Delete revision ${r.number}`}
                    >
                      Delete
                    </Button>
                  </ActionForm>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {revisions.length > 0 && (
        <Card title="Compare" className="mt-6">
          <form
            method="get"
            action={`/apis/${api.id}/revisions#comparison`}
            className="flex flex-wrap items-end gap-3"
          >
            <Field label="From" name="from">
              <select
                id="from"
                name="from"
                className={inputClass}
                defaultValue={from ?? revisions.at(-1)?.id}
              >
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.text}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="To" name="to">
              <select id="to" name="to" className={inputClass} defaultValue={to ?? WORKING_COPY}>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.text}
                  </option>
                ))}
              </select>
            </Field>
            <Button type="submit" tone="secondary">
              Compare
            </Button>
          </form>
          {compareError && (
            <div className="mt-3">
              <Alert>{compareError}</Alert>
            </div>
          )}
        </Card>
      )}
      {comparison && <RevisionDiff title={comparison.title} diff={comparison.diff} />}
    </>
  );
}
