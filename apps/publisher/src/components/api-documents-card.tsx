import type { ApiDocumentView } from "@portico/platform";
import { API_DOCUMENT_TYPES, API_DOCUMENT_TYPE_LABELS as typeLabel } from "@portico/platform";
import { Button, Card, inputClass } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import {
  createDocumentAction,
  deleteDocumentAction,
  updateDocumentAction,
} from "@/app/apis/document-actions";

/** Fields shared by the add and edit forms; ids are prefixed so several forms can share a page. */
function DocumentFields({ prefix, doc }: { prefix: string; doc?: ApiDocumentView }) {
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      <label className="text-sm" htmlFor={`${prefix}-name`}>
        Document name
        <input id={`${prefix}-name`} name="name" className={inputClass} defaultValue={doc?.name} required />
      </label>
      <label className="text-sm" htmlFor={`${prefix}-type`}>
        Document type
        <select id={`${prefix}-type`} name="type" className={inputClass} defaultValue={doc?.type ?? "HOWTO"}>
          {API_DOCUMENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {typeLabel[t]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm sm:col-span-2" htmlFor={`${prefix}-content`}>
        Markdown content
        <textarea
          id={`${prefix}-content`}
          name="content"
          rows={4}
          className={inputClass}
          defaultValue={doc?.content ?? ""}
        />
      </label>
      <label className="text-sm sm:col-span-2" htmlFor={`${prefix}-url`}>
        Or a source URL
        <input
          id={`${prefix}-url`}
          name="sourceUrl"
          className={inputClass}
          placeholder="https://wiki.example/guide"
          defaultValue={doc?.sourceUrl ?? ""}
        />
      </label>
    </div>
  );
}

/** An API's documents: how-tos, samples, forums, as markdown or a link; editable by who may change the API. */
export function ApiDocumentsCard({ apiId, documents }: { apiId: string; documents: ApiDocumentView[] }) {
  return (
    <Card title={`Documents (${documents.length})`}>
      {documents.length === 0 && <p className="text-sm text-slate-500">No documents yet.</p>}
      <ul className="divide-y divide-slate-100">
        {documents.map((d) => (
          <li key={d.id} className="py-3">
            <details>
              <summary className="cursor-pointer text-sm">
                <strong>{d.name}</strong>{" "}
                <span className="text-slate-500">· {typeLabel[d.type] ?? d.type}</span>
                {d.sourceUrl && <span className="ml-2 font-mono text-xs text-slate-500">{d.sourceUrl}</span>}
              </summary>
              <ActionForm action={updateDocumentAction.bind(null, apiId, d.id)} className="mt-3 space-y-2">
                <DocumentFields prefix={`doc-${d.id}`} doc={d} />
                <Button type="submit" tone="secondary">
                  Save document
                </Button>
              </ActionForm>
              <ActionForm action={deleteDocumentAction.bind(null, apiId, d.id)} className="mt-2">
                <Button type="submit" tone="ghost" className="text-red-600">
                  Delete document
                </Button>
              </ActionForm>
            </details>
          </li>
        ))}
      </ul>
      <details className="mt-4">
        <summary className="cursor-pointer text-sm font-medium text-brand-600">Add a document</summary>
        <ActionForm action={createDocumentAction.bind(null, apiId)} className="mt-3 space-y-2">
          <DocumentFields prefix="new-doc" />
          <Button type="submit">Add document</Button>
        </ActionForm>
      </details>
    </Card>
  );
}
