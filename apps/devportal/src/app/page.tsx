import { listCatalog } from "@portico/platform";
import { Badge, PageHeader } from "@portico/ui";
import { viewer } from "@/server/auth";
import { operationContext } from "@/server/operations";

export const dynamic = "force-dynamic";

export default async function Catalog({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; tag?: string }>;
}) {
  const { q, tag } = await searchParams;
  const apis = await listCatalog(operationContext(await viewer()), {
    q: q || undefined,
    tag: tag || undefined,
  });
  return (
    <section>
      <PageHeader title="API catalog" description="Published APIs you can subscribe your applications to." />
      <search className="mb-6">
        <form className="flex flex-wrap gap-3">
          <input
            name="q"
            defaultValue={q}
            aria-label="Search APIs"
            placeholder="Search by name"
            className="w-full max-w-64 rounded-md border border-slate-300 px-3 py-2 text-sm sm:w-64"
          />
          <input
            name="tag"
            defaultValue={tag}
            aria-label="Tag"
            placeholder="Tag"
            className="w-40 min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm sm:flex-none"
          />
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            Search
          </button>
        </form>
      </search>
      {apis.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">
          No published APIs match.
        </p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {apis.map((api) => (
            <li key={api.id} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <div className="flex items-baseline justify-between">
                <h2 className="font-semibold">
                  <a href={`/apis/${api.id}`} className="hover:underline">
                    {api.name}
                  </a>
                </h2>
                <span className="text-xs text-slate-500">v{api.version}</span>
              </div>
              {api.state === "DEPRECATED" && <Badge tone="amber">Deprecated</Badge>}
              <p className="mt-2 text-sm text-slate-600">{api.description}</p>
              <div className="mt-2 flex flex-wrap gap-1">
                {api.tags.map((t) => (
                  <a key={t} href={`/?tag=${encodeURIComponent(t)}`}>
                    <Badge tone="blue">{t}</Badge>
                  </a>
                ))}
              </div>
              <p className="mt-3 truncate font-mono text-xs text-slate-500">{api.gatewayUrls.versioned}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
