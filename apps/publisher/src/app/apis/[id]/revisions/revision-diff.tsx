import type { ApiDefinitionDiff, FieldChange } from "@portico/platform";
import { Card } from "@portico/ui";

const shown = (v: unknown) =>
  v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v);

function Changes({ changes }: { changes: FieldChange[] }) {
  return (
    <ul className="ml-4 list-disc text-xs text-slate-600">
      {changes.map((c) => (
        <li key={c.field}>
          <span className="font-medium">{c.field}</span>: <del className="text-red-700">{shown(c.from)}</del>{" "}
          → <ins className="text-green-700 no-underline">{shown(c.to)}</ins>
        </li>
      ))}
    </ul>
  );
}

function Section<K>({
  title,
  items,
  label,
}: {
  title: string;
  items: { added: K[]; removed: K[]; changed?: Array<K & { changes: FieldChange[] }> };
  label: (k: K) => string;
}) {
  const changed = items.changed ?? [];
  if (items.added.length + items.removed.length + changed.length === 0) return null;
  return (
    <section aria-label={title} className="mt-4">
      <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
      <ul className="mt-1 space-y-1 text-sm">
        {items.added.map((k) => (
          <li key={`+${label(k)}`} data-testid="diff-added">
            <span className="font-mono text-green-700">+ added</span> {label(k)}
          </li>
        ))}
        {items.removed.map((k) => (
          <li key={`-${label(k)}`} data-testid="diff-removed">
            <span className="font-mono text-red-700">− removed</span> {label(k)}
          </li>
        ))}
        {changed.map((k) => (
          <li key={`~${label(k)}`} data-testid="diff-changed">
            <span className="font-mono text-amber-700">~ changed</span> {label(k)}
            <Changes changes={k.changes} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The comparison of two revisions, as lists of what was added, removed and changed. */
export function RevisionDiff({ title, diff }: { title: string; diff: ApiDefinitionDiff }) {
  return (
    <Card title={title} className="mt-6" id="comparison">
      {diff.same ? (
        <p className="text-sm text-slate-600">No differences.</p>
      ) : (
        <>
          {diff.settings.length > 0 && (
            <section aria-label="Settings" className="mt-2">
              <h3 className="text-sm font-semibold text-slate-800">Settings</h3>
              <Changes changes={diff.settings} />
            </section>
          )}
          <Section title="Resources" items={diff.resources} label={(r) => `${r.method} ${r.path}`} />
          <Section title="Scopes" items={diff.scopes} label={(s) => s.name} />
          <Section title="Subscription tiers" items={diff.tiers} label={(t) => t} />
          <Section title="Key managers" items={diff.keyManagers} label={(k) => k} />
          <Section
            title="XACML policies"
            items={diff.xacmlPolicies}
            label={(p) => `${p.policy}${p.resource ? ` on ${p.resource}` : ""}`}
          />
          <Section title="Documents" items={diff.documents} label={(d) => d.name} />
        </>
      )}
    </Card>
  );
}
