import { Badge, cx } from "@portico/ui";

// The reference is rendered on the server from the API's OpenAPI document: no client bundle, no
// call from the browser to another origin (the CSP allows none), and every operation links to
// the try-it console, which calls the gateway from the server with the developer's own tokens.

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: { type?: string };
}

interface Operation {
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  responses?: Record<string, { description?: string }>;
  security?: Array<Record<string, string[]>>;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

const methodTone: Record<string, string> = {
  GET: "bg-blue-100 text-blue-800",
  POST: "bg-emerald-100 text-emerald-800",
  PUT: "bg-amber-100 text-amber-900",
  PATCH: "bg-amber-100 text-amber-900",
  DELETE: "bg-red-100 text-red-800",
};

const asRecord = (value: unknown): Json => (value && typeof value === "object" ? (value as Json) : {});

/** Operations of an OpenAPI document in document order, each with its method and path. */
function operationsOf(spec: Json) {
  const out: Array<{ method: string; path: string; operation: Operation }> = [];
  for (const [path, item] of Object.entries(asRecord(spec.paths))) {
    for (const method of METHODS) {
      const operation = asRecord(item)[method];
      if (operation) out.push({ method: method.toUpperCase(), path, operation: operation as Operation });
    }
  }
  return out;
}

/**
 * The API's OpenAPI document as reference documentation: servers, then one expandable entry per
 * operation with its parameters, the scopes its token needs and its responses. `tryItIds` maps
 * "METHOD path" to the resource id the try-it console knows it by.
 */
export function ApiReference({ spec, tryItIds }: { spec: Json; tryItIds?: Map<string, string> }) {
  const servers = (Array.isArray(spec.servers) ? spec.servers : []) as Array<{
    url: string;
    description?: string;
  }>;
  const operations = operationsOf(spec);
  return (
    <section aria-label="API reference" className="space-y-3">
      {servers.length > 0 && (
        <p className="text-sm text-slate-600">
          Base URL{servers.length > 1 ? "s" : ""}:{" "}
          {servers.map((s, i) => (
            <span key={s.url}>
              {i > 0 && ", "}
              <code className="break-all text-xs">{s.url}</code>
              {s.description && <span className="text-slate-500"> ({s.description})</span>}
            </span>
          ))}
        </p>
      )}
      {operations.length === 0 && <p className="text-sm text-slate-500">This API has no operations.</p>}
      <ul className="space-y-2">
        {operations.map(({ method, path, operation }) => {
          const key = `${method} ${path}`;
          const tryItId = tryItIds?.get(key);
          const security = operation.security ?? [];
          // the same scopes may stand in several alternatives (token and key, token and query key)
          const scopes = [...new Set(security.flatMap((s) => s.portico ?? []))];
          const needsToken = security.some((s) => "portico" in s);
          const keyAlone = security.some((s) => "apiKey" in s && !("portico" in s));
          const keyToo = security.some((s) => "apiKey" in s && "portico" in s);
          return (
            <li key={key} data-operation={key}>
              <details className="group rounded-lg border border-slate-200 bg-white">
                <summary className="flex cursor-pointer flex-wrap items-center gap-3 px-4 py-2.5">
                  <span
                    className={cx(
                      "w-16 rounded px-2 py-0.5 text-center font-mono text-xs font-semibold",
                      methodTone[method] ?? "bg-slate-100 text-slate-800",
                    )}
                  >
                    {method}
                  </span>
                  <code className="break-all text-sm">{path}</code>
                  {operation.summary && operation.summary !== key && (
                    <span className="text-sm text-slate-600">{operation.summary}</span>
                  )}
                </summary>
                <div className="space-y-3 border-t border-slate-200 px-4 py-3 text-sm">
                  <p className="text-slate-700">
                    {security.length === 0
                      ? "Open: no token needed."
                      : !needsToken
                        ? "Needs an API key."
                        : scopes.length
                          ? "Needs an access token with the scopes: "
                          : "Needs an access token (no particular scope)."}
                    {scopes.map((s, i) => (
                      <span key={s}>
                        {i > 0 && ", "}
                        <code className="text-xs font-semibold">{s}</code>
                      </span>
                    ))}
                    {needsToken && keyAlone && " Or an API key instead."}
                    {keyToo && " And an API key as well."}
                  </p>
                  <OperationParameters parameters={operation.parameters ?? []} />
                  <OperationResponses responses={operation.responses ?? {}} />
                  {tryItId && (
                    <a
                      href={`#try-${tryItId}`}
                      className="inline-block text-sm font-medium text-brand-700 hover:underline"
                    >
                      Try {method} {path}
                    </a>
                  )}
                </div>
              </details>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function OperationParameters({ parameters }: { parameters: Parameter[] }) {
  if (parameters.length === 0) return <p className="text-slate-500">No parameters.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Parameters</caption>
      <thead className="text-xs text-slate-500">
        <tr>
          <th scope="col" className="py-1 pr-4 font-medium">
            Parameter
          </th>
          <th scope="col" className="py-1 pr-4 font-medium">
            In
          </th>
          <th scope="col" className="py-1 pr-4 font-medium">
            Type
          </th>
          <th scope="col" className="py-1 font-medium">
            Description
          </th>
        </tr>
      </thead>
      <tbody>
        {parameters.map((p) => (
          <tr key={`${p.in}-${p.name}`} className="border-t border-slate-100">
            <td className="py-1 pr-4 font-mono text-xs">
              {p.name}
              {p.required && <span className="ml-1 text-red-700"> required</span>}
            </td>
            <td className="py-1 pr-4">{p.in}</td>
            <td className="py-1 pr-4">{p.schema?.type ?? "string"}</td>
            <td className="py-1 text-slate-600">{p.description ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OperationResponses({ responses }: { responses: Record<string, { description?: string }> }) {
  const entries = Object.entries(responses);
  if (entries.length === 0) return null;
  return (
    <div>
      <h4 className="text-xs font-medium text-slate-500">Responses</h4>
      <ul className="mt-1 space-y-0.5">
        {entries.map(([status, r]) => (
          <li key={status}>
            <Badge tone={status.startsWith("2") || status === "default" ? "green" : "amber"}>{status}</Badge>{" "}
            <span className="text-slate-700">{r.description ?? ""}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
