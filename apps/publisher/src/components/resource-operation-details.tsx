import type { OperationDoc } from "@portico/platform";

/** What the imported OpenAPI document says of one operation: read-only, under its resource's row. */
export function ResourceOperationDetails({ name, operation }: { name: string; operation: OperationDoc }) {
  return (
    <div className="space-y-3 text-sm">
      {operation.summary && <p className="font-medium">{operation.summary}</p>}
      {operation.deprecated && (
        <p className="text-amber-800">The document marks this operation deprecated.</p>
      )}
      {operation.description && <p className="whitespace-pre-line text-slate-600">{operation.description}</p>}
      {operation.parameters.length === 0 ? (
        <p className="text-slate-500">No parameters.</p>
      ) : (
        <table className="w-full text-left text-xs">
          <caption className="mb-1 text-left font-medium text-slate-700">Parameters of {name}</caption>
          <thead className="text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Name
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                In
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Type
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Required
              </th>
              <th scope="col" className="py-1 font-medium">
                Description
              </th>
            </tr>
          </thead>
          <tbody>
            {operation.parameters.map((p) => (
              <tr key={`${p.in} ${p.name}`} className="border-t border-slate-100 align-top">
                <td className="py-1 pr-3 font-mono">{p.name}</td>
                <td className="py-1 pr-3">{p.in}</td>
                <td className="py-1 pr-3 font-mono">{p.type ?? "—"}</td>
                <td className="py-1 pr-3">{p.required ? "yes" : "no"}</td>
                <td className="py-1 text-slate-600">{p.description ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {operation.requestBody && (
        <p className="text-slate-600">
          Request body ({operation.requestBody.required ? "required" : "optional"}):{" "}
          <span className="font-mono">{operation.requestBody.mediaTypes.join(", ") || "any"}</span>
        </p>
      )}
    </div>
  );
}
