import { db, settings } from "@/server/db";

export const dynamic = "force-dynamic";

export default async function Catalog() {
  const apis = await db.api.findMany({
    where: { state: { in: ["PUBLISHED", "DEPRECATED"] }, visibility: "PUBLIC" },
    orderBy: [{ name: "asc" }, { version: "asc" }],
  });
  return (
    <section>
      <h1 className="text-2xl font-semibold">API catalog</h1>
      <p className="mt-1 text-sm text-slate-600">Published APIs you can subscribe your applications to.</p>
      {apis.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">
          No published APIs yet.
        </p>
      ) : (
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {apis.map((api) => (
            <li key={api.id} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <div className="flex items-baseline justify-between">
                <h2 className="font-semibold">{api.name}</h2>
                <span className="text-xs text-slate-500">v{api.version}</span>
              </div>
              {api.state === "DEPRECATED" && (
                <span className="mt-1 inline-block rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-800">
                  Deprecated
                </span>
              )}
              <p className="mt-2 text-sm text-slate-600">{api.description}</p>
              <p className="mt-3 truncate font-mono text-xs text-slate-500">
                {settings.gatewayUrl}
                {api.context}/{api.version}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
