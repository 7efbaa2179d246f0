import { API_DOCUMENT_TYPE_LABELS, getCatalogApi, getCatalogDocument } from "@portico/platform";
import { Badge, Card, PageHeader } from "@portico/ui";
import Markdown from "react-markdown";
import { viewer } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { orNotFound } from "../../../../or-not-found";

export const dynamic = "force-dynamic";

/**
 * One document of an API. Markdown is rendered by react-markdown, which builds React elements
 * and ignores raw HTML in the source, so a publisher's document cannot inject script or markup.
 */
export default async function ApiDocumentPage({
  params,
}: {
  params: Promise<{ id: string; docId: string }>;
}) {
  const { id, docId } = await params;
  const ctx = operationContext(await viewer());
  const api = await orNotFound(getCatalogApi(ctx, id));
  const doc = await orNotFound(getCatalogDocument(ctx, api.id, docId));
  return (
    <>
      <PageHeader
        title={doc.name}
        description={
          <span className="flex items-center gap-2">
            <a href={`/apis/${api.id}`} className="text-brand-600 hover:underline">
              {api.name} {api.version}
            </a>
            <Badge>{API_DOCUMENT_TYPE_LABELS[doc.type] ?? doc.type}</Badge>
          </span>
        }
      />
      <Card>
        {doc.content ? (
          <article className="prose-portico space-y-3 text-sm text-slate-800" data-testid="document-content">
            <Markdown>{doc.content}</Markdown>
          </article>
        ) : (
          <p className="text-sm">
            This document lives at{" "}
            <a
              href={doc.sourceUrl ?? "#"}
              target="_blank"
              rel="noopener noreferrer"
              className="text-brand-600"
            >
              {doc.sourceUrl}
            </a>
            .
          </p>
        )}
      </Card>
    </>
  );
}
