import type { AuditEventView } from "@portico/platform";
import { DateTime } from "@portico/ui/date-time";
import { actionLabel, TARGET_TYPES } from "./audit-labels";

/** One event's details as label: value lines (they never hold secrets). */
function Details({ details }: { details: unknown }) {
  const entries =
    details && typeof details === "object" ? Object.entries(details as Record<string, unknown>) : [];
  if (entries.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-2 text-xs">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-slate-500">{key}</dt>
          <dd className="break-words">
            {Array.isArray(value)
              ? value.join(", ")
              : typeof value === "object"
                ? JSON.stringify(value)
                : String(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The audit events of one page; each target links to the events of that target alone. */
export function AuditTable({
  events,
  filterHref,
}: {
  events: AuditEventView[];
  filterHref: (type: string, id: string) => string;
}) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white">
      <table className="w-full table-fixed text-left text-sm" aria-label="Audit events">
        <colgroup>
          <col className="w-40" />
          <col className="w-32" />
          <col className="w-44" />
          <col />
          <col className="w-[30%]" />
        </colgroup>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              When
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Who
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              What
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Target
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Details
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {events.map((e) => (
            <tr key={e.id} data-testid="audit-event" data-event-id={e.id}>
              <td className="px-3 py-2 text-xs">
                <DateTime value={e.at} />
              </td>
              <td className="px-3 py-2 break-words">
                {e.actor}
                {e.ip && <span className="block text-xs text-slate-500">from {e.ip}</span>}
              </td>
              <td className="px-3 py-2 break-words" title={e.action}>
                {actionLabel(e.action)}
              </td>
              <td className="px-3 py-2 break-words">
                {e.target ? (
                  <>
                    <a
                      href={filterHref(e.target.type, e.target.id)}
                      className="text-brand-700 underline"
                      title={`Only events of ${e.target.name}`}
                    >
                      {e.target.name}
                    </a>
                    <span className="block text-xs text-slate-500">
                      {TARGET_TYPES[e.target.type] ?? e.target.type}
                      {!e.target.exists && " · deleted"}
                    </span>
                  </>
                ) : (
                  <span className="text-slate-500">—</span>
                )}
              </td>
              <td className="px-3 py-2">
                <Details details={e.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
