import { db } from "@/server/db";

export const dynamic = "force-dynamic";

const stateStyle: Record<string, string> = {
  CREATED: "bg-slate-100 text-slate-700",
  PUBLISHED: "bg-emerald-100 text-emerald-800",
  DEPRECATED: "bg-amber-100 text-amber-800",
  RETIRED: "bg-slate-200 text-slate-500",
  BLOCKED: "bg-red-100 text-red-800",
};

export default async function PublisherHome() {
  const apis = await db.api.findMany({
    orderBy: [{ name: "asc" }, { version: "asc" }],
    include: { _count: { select: { resources: true, subscriptions: true } } },
  });
  return (
    <section>
      <h1 className="text-2xl font-semibold">APIs</h1>
      <p className="mt-1 text-sm text-slate-600">Every API on the platform, by lifecycle state.</p>
      {apis.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">
          No APIs yet.
        </p>
      ) : (
        <table className="mt-6 w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm">
          <thead className="bg-slate-50 text-slate-500">
            <tr>
              <th className="px-4 py-2 font-medium">Name</th>
              <th className="px-4 py-2 font-medium">Version</th>
              <th className="px-4 py-2 font-medium">Context</th>
              <th className="px-4 py-2 font-medium">State</th>
              <th className="px-4 py-2 font-medium">Resources</th>
              <th className="px-4 py-2 font-medium">Subscriptions</th>
            </tr>
          </thead>
          <tbody>
            {apis.map((api) => (
              <tr key={api.id} className="border-t border-slate-100">
                <td className="px-4 py-2 font-medium">{api.name}</td>
                <td className="px-4 py-2">{api.version}</td>
                <td className="px-4 py-2 font-mono text-xs">{api.context}</td>
                <td className="px-4 py-2">
                  <span className={`rounded px-2 py-0.5 text-xs font-medium ${stateStyle[api.state] ?? ""}`}>
                    {api.state}
                  </span>
                </td>
                <td className="px-4 py-2">{api._count.resources}</td>
                <td className="px-4 py-2">{api._count.subscriptions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
