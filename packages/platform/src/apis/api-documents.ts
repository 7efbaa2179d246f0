import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { changedFields, partialUpdateInput } from "../update-input";
import { findChangeableApi, findVisibleApi } from "./api-access";
import { endpointUrl } from "./api-schemas";

export const API_DOCUMENT_TYPES = ["HOWTO", "SAMPLES", "PUBLIC_FORUM", "SUPPORT_FORUM", "OTHER"] as const;
/** How the portals name each kind of document. */
export const API_DOCUMENT_TYPE_LABELS: Record<string, string> = {
  HOWTO: "How-to",
  SAMPLES: "Samples",
  PUBLIC_FORUM: "Public forum",
  SUPPORT_FORUM: "Support forum",
  OTHER: "Other",
};
/** Markdown documents are stored inline; 200k characters is a long guide, not a data dump. */
export const MAX_DOCUMENT_CHARS = 200_000;

const documentFields = {
  name: z
    .string()
    .trim()
    .min(1, "a name is required")
    .max(100, "at most 100 characters")
    .regex(/^[^\p{Cc}]+$/u, "no control characters"),
  type: z.enum(API_DOCUMENT_TYPES),
  content: z.string().max(MAX_DOCUMENT_CHARS, `at most ${MAX_DOCUMENT_CHARS} characters`).nullable(),
  sourceUrl: endpointUrl.nullable(),
};

/** A document is either markdown content or a link to where it lives, never both or neither. */
function checkOneSource(doc: { content: string | null; sourceUrl: string | null }) {
  const hasContent = Boolean(doc.content?.trim());
  if (hasContent === Boolean(doc.sourceUrl)) {
    throw new AppError("VALIDATION_FAILED", "give either markdown content or a source URL", {
      fields: [{ field: hasContent ? "sourceUrl" : "content", message: "either content or a source URL" }],
    });
  }
}

export const createApiDocumentInput = z
  .object({
    name: documentFields.name,
    type: documentFields.type.default("HOWTO"),
    content: documentFields.content.optional(),
    sourceUrl: documentFields.sourceUrl.optional(),
  })
  .strict();

/** A partial update; setting content clears the source URL and the other way round. */
export const updateApiDocumentInput = partialUpdateInput(documentFields);

type DocumentRow = {
  id: string;
  apiId: string;
  name: string;
  type: string;
  content: string | null;
  sourceUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const view = (d: DocumentRow) => ({
  id: d.id,
  apiId: d.apiId,
  name: d.name,
  type: d.type,
  content: d.content,
  sourceUrl: d.sourceUrl,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});
export type ApiDocumentView = ReturnType<typeof view>;

const nameTaken = (name: string) =>
  new AppError("CONFLICT", `this API already has a document named ${name}`, {
    fields: [{ field: "name", message: "this name is taken for this API" }],
  });

/** Prisma's unique-constraint code; checked by shape since the SQLite and PostgreSQL clients differ. */
const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";

/** The documents of an API the actor can see, by name. */
export async function listApiDocuments(ctx: OperationContext, apiId: string): Promise<ApiDocumentView[]> {
  requireScope(ctx.actor, RestScope.apiView);
  await findVisibleApi(ctx.db, ctx.actor, apiId);
  const rows = await ctx.db.apiDocument.findMany({ where: { apiId }, orderBy: { name: "asc" } });
  return rows.map(view);
}

export async function getApiDocument(ctx: OperationContext, apiId: string, docId: string) {
  requireScope(ctx.actor, RestScope.apiView);
  await findVisibleApi(ctx.db, ctx.actor, apiId);
  const row = await ctx.db.apiDocument.findFirst({ where: { id: docId, apiId } });
  if (!row) throw notFound("document");
  return view(row);
}

/** Adds a document to an API; only who may change the API may. */
export async function createApiDocument(ctx: OperationContext, apiId: string, input: unknown) {
  requireScope(ctx.actor, RestScope.apiCreate);
  const data = parseInput(createApiDocumentInput, input);
  await findChangeableApi(ctx.db, ctx.actor, apiId);
  const doc = { content: data.content ?? null, sourceUrl: data.sourceUrl ?? null };
  checkOneSource(doc);
  let row: DocumentRow;
  try {
    row = await ctx.db.apiDocument.create({ data: { apiId, name: data.name, type: data.type, ...doc } });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(data.name);
    throw e;
  }
  await audit(ctx.db, ctx.actor, "api.document.create", { type: "api", id: apiId }, { document: row.name });
  return view(row);
}

/** Changes a document; switching between content and a URL clears the other. */
export async function updateApiDocument(ctx: OperationContext, apiId: string, docId: string, input: unknown) {
  requireScope(ctx.actor, RestScope.apiCreate);
  const data = parseInput(updateApiDocumentInput, input);
  await findChangeableApi(ctx.db, ctx.actor, apiId);
  const existing = await ctx.db.apiDocument.findFirst({ where: { id: docId, apiId } });
  if (!existing) throw notFound("document");
  const source =
    data.content !== undefined || data.sourceUrl !== undefined
      ? {
          content: data.content !== undefined ? data.content : data.sourceUrl ? null : existing.content,
          sourceUrl: data.sourceUrl !== undefined ? data.sourceUrl : data.content ? null : existing.sourceUrl,
        }
      : { content: existing.content, sourceUrl: existing.sourceUrl };
  checkOneSource(source);
  let row: DocumentRow;
  try {
    row = await ctx.db.apiDocument.update({
      where: { id: docId },
      data: { name: data.name, type: data.type, ...source },
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(data.name ?? existing.name);
    throw e;
  }
  await audit(
    ctx.db,
    ctx.actor,
    "api.document.update",
    { type: "api", id: apiId },
    { document: row.name, fields: changedFields(view(existing), view(row), Object.keys(documentFields)) },
  );
  return view(row);
}

export async function deleteApiDocument(ctx: OperationContext, apiId: string, docId: string): Promise<void> {
  requireScope(ctx.actor, RestScope.apiCreate);
  await findChangeableApi(ctx.db, ctx.actor, apiId);
  const existing = await ctx.db.apiDocument.findFirst({ where: { id: docId, apiId } });
  if (!existing) throw notFound("document");
  await ctx.db.apiDocument.delete({ where: { id: docId } });
  await audit(
    ctx.db,
    ctx.actor,
    "api.document.delete",
    { type: "api", id: apiId },
    { document: existing.name },
  );
}
