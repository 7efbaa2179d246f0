import { AppError, listAuditLogFacets, searchAuditEvents } from "@portico/platform";
import { Alert, PageHeader } from "@portico/ui";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { AuditFilters, type AuditFilterValues } from "./audit-filters";
import { AuditTable } from "./audit-table";

export const dynamic = "force-dynamic";

const FILTERS = ["actor", "action", "targetType", "targetId", "from", "to"] as const;
const PAGE_SIZES = [10, 25, 50, 100];

/** A datetime-local value ("2026-12-02T09:30") read as UTC; anything else is passed on to be refused. */
const asUtc = (value: string | undefined) =>
  value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)
    ? `${value.length === 16 ? `${value}:00` : value}Z`
    : value;

export default async function Audit({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = operationContext(await requireRole("admin"));
  const params = await searchParams;
  const one = (name: string) => {
    const v = params[name];
    const text = (Array.isArray(v) ? v[0] : v)?.trim();
    return text ? text : undefined;
  };
  const values: AuditFilterValues = Object.fromEntries(FILTERS.map((f) => [f, one(f)]).filter(([, v]) => v));
  const cursor = one("cursor");
  const limit = PAGE_SIZES.find((n) => String(n) === one("limit")) ?? 50;
  const facets = await listAuditLogFacets(ctx);
  let result: Awaited<ReturnType<typeof searchAuditEvents>> = { events: [], nextCursor: null };
  let error: string | null = null;
  try {
    result = await searchAuditEvents(ctx, {
      ...values,
      from: asUtc(values.from),
      to: asUtc(values.to),
      ...(cursor ? { cursor } : {}),
      limit,
    });
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== "VALIDATION_FAILED") throw e;
    const fields = e.details?.fields ?? [];
    error = fields.some((f) => f.field === "to")
      ? "The end of the time range is before its start."
      : fields.some((f) => f.field === "cursor")
        ? "That page link is not valid any more: showing the newest events."
        : "Those filters are not valid: check the dates.";
  }
  const query = (extra: Record<string, string>) => {
    const all = { ...values, ...(limit !== 50 ? { limit: String(limit) } : {}), ...extra };
    return `/admin/audit?${new URLSearchParams(Object.entries(all).filter((e): e is [string, string] => Boolean(e[1])))}`;
  };
  const targetName = values.targetId
    ? result.events.find((e) => e.target?.id === values.targetId)?.target?.name
    : undefined;

  return (
    <>
      <PageHeader title="Audit log" description="Who did what, to what, and when; newest first." />
      <AuditFilters values={values} actors={facets.actors} actions={facets.actions} targetName={targetName} />
      {error && (
        <div className="mb-4">
          <Alert>{error}</Alert>
        </div>
      )}
      {result.events.length === 0 && !error ? (
        <p className="text-sm text-slate-600">No event matches these filters.</p>
      ) : (
        result.events.length > 0 && (
          <AuditTable
            events={result.events}
            filterHref={(type, id) => query({ targetType: type, targetId: id })}
          />
        )
      )}
      <nav aria-label="Audit log pages" className="mt-4 flex gap-4 text-sm">
        {cursor && (
          <a href={query({})} className="font-medium text-brand-700 underline">
            Newest events
          </a>
        )}
        {result.nextCursor && (
          <a
            href={query({ cursor: result.nextCursor })}
            className="font-medium text-brand-700 underline"
            rel="next"
          >
            Older events
          </a>
        )}
      </nav>
    </>
  );
}
