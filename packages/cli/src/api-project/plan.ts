// What `portico api import` would change on the server, and doing it. `diff` prints the plan;
// `import` runs it. Only what differs is sent, so importing the same project twice changes
// nothing the second time (no update is sent, no timestamp moves).
import type { Context } from "../context";
import { CliError, UsageError } from "../errors";
import {
  type ApiView,
  changedFields,
  type Definition,
  lifecyclePath,
  normalizeDefinition,
  satisfies,
} from "./definition";
import type { ApiProject, ProjectDocument } from "./project-files";

export interface Change {
  action: "create" | "update" | "lifecycle" | "create-document" | "update-document";
  target: string;
  /** the fields an update changes, or the lifecycle actions taken */
  fields?: string[];
}

export interface Plan {
  api: ApiView | null;
  changes: Change[];
}

interface DocumentView {
  id: string;
  name: string;
  type: string;
  content: string | null;
  sourceUrl: string | null;
}

/** The API with this name (and version, when given); a usage error when the name is ambiguous. */
export async function findApi(ctx: Context, name: string, version?: string): Promise<ApiView | null> {
  const listed = await ctx.rest<ApiView[]>("publisher", "GET", `/apis?${new URLSearchParams({ q: name })}`);
  const matches = listed.filter((a) => a.name === name && (version === undefined || a.version === version));
  if (matches.length > 1)
    throw new UsageError(
      `${name} has several versions (${matches.map((a) => a.version).join(", ")}): choose one with --version`,
    );
  return matches[0] ?? null;
}

export async function requireApi(ctx: Context, name: string, version?: string): Promise<ApiView> {
  const api = await findApi(ctx, name, version);
  if (!api) throw new CliError(`no API named ${name}${version ? ` version ${version}` : ""}`, "NOT_FOUND");
  return api;
}

function documentChanged(wanted: ProjectDocument, current: DocumentView): boolean {
  return (
    wanted.type !== current.type ||
    (wanted.sourceUrl ?? null) !== (current.sourceUrl ?? null) ||
    (wanted.sourceUrl ? false : (wanted.content ?? "") !== (current.content ?? ""))
  );
}

function documentBody(doc: ProjectDocument) {
  return doc.sourceUrl
    ? { type: doc.type, sourceUrl: doc.sourceUrl }
    : { type: doc.type, content: doc.content ?? "" };
}

async function currentDocuments(ctx: Context, api: ApiView | null): Promise<DocumentView[]> {
  return api ? ctx.rest<DocumentView[]>("publisher", "GET", `/apis/${api.id}/documents`) : [];
}

export async function planImport(ctx: Context, project: ApiProject): Promise<Plan> {
  const { name, version, context } = project.definition as { name: string; version: string; context: string };
  const api = await findApi(ctx, name, version);
  const label = `${name} ${version}`;
  const changes: Change[] = [];
  if (!api) {
    changes.push({ action: "create", target: label });
  } else {
    const current = normalizeDefinition(api as unknown as Record<string, unknown>);
    if (current.context !== context)
      throw new CliError(
        `${label} is served at ${String(current.context)} here, the project says ${context}: an API's context cannot change`,
        "CONFLICT",
      );
    const fields = changedFields(project.definition, current);
    if (fields.length) changes.push({ action: "update", target: label, fields });
  }
  const documents = await currentDocuments(ctx, api);
  for (const doc of project.documents) {
    const existing = documents.find((d) => d.name === doc.name);
    if (!existing) changes.push({ action: "create-document", target: doc.name });
    else if (documentChanged(doc, existing)) changes.push({ action: "update-document", target: doc.name });
  }
  const from = api?.state ?? "CREATED";
  if (project.state && project.state !== from) {
    const actions = lifecyclePath(from, project.state);
    if (!actions) throw new CliError(`${label} cannot go from ${from} to ${project.state}`, "CONFLICT");
    changes.push({ action: "lifecycle", target: label, fields: actions });
  }
  return { api, changes };
}

function createBody(definition: Definition): Record<string, unknown> {
  const { securitySchemes: _schemes, ...body } = definition;
  return body;
}

/** Runs the plan; returns the API as it is afterwards. */
export async function applyPlan(ctx: Context, project: ApiProject, plan: Plan): Promise<ApiView> {
  const definition = project.definition;
  let api = plan.api;
  for (const change of plan.changes) {
    if (change.action === "create") {
      api = await ctx.rest<ApiView>("publisher", "POST", "/apis", createBody(definition));
      if (definition.securitySchemes && !satisfies(definition.securitySchemes, api.securitySchemes))
        await ctx.rest("publisher", "PUT", `/apis/${api.id}/security-schemes`, definition.securitySchemes);
    } else if (change.action === "update" && api) {
      const fields = (change.fields ?? []).filter((f) => f !== "securitySchemes");
      if (fields.length)
        await ctx.rest(
          "publisher",
          "PUT",
          `/apis/${api.id}`,
          Object.fromEntries(fields.map((f) => [f, definition[f as keyof Definition]])),
        );
      if (change.fields?.includes("securitySchemes"))
        await ctx.rest("publisher", "PUT", `/apis/${api.id}/security-schemes`, definition.securitySchemes);
    } else if ((change.action === "create-document" || change.action === "update-document") && api) {
      const doc = project.documents.find((d) => d.name === change.target) as ProjectDocument;
      if (change.action === "create-document")
        await ctx.rest("publisher", "POST", `/apis/${api.id}/documents`, {
          name: doc.name,
          ...documentBody(doc),
        });
      else {
        const existing = (await currentDocuments(ctx, api)).find((d) => d.name === doc.name) as DocumentView;
        await ctx.rest("publisher", "PUT", `/apis/${api.id}/documents/${existing.id}`, documentBody(doc));
      }
    } else if (change.action === "lifecycle" && api) {
      for (const action of change.fields ?? [])
        await ctx.rest("publisher", "POST", `/apis/${api.id}/lifecycle`, { action });
    }
  }
  if (!api) throw new CliError("nothing was imported");
  return ctx.rest<ApiView>("publisher", "GET", `/apis/${api.id}`);
}

/** The project of an API as the server has it now. */
export async function exportProject(
  ctx: Context,
  api: ApiView,
): Promise<{ project: ApiProject; openApi: unknown }> {
  const view = await ctx.rest<ApiView>("publisher", "GET", `/apis/${api.id}`);
  const openApi = await ctx.rest("publisher", "GET", `/apis/${api.id}/openapi`);
  const documents = (await currentDocuments(ctx, view)).map((d) => ({
    name: d.name,
    type: d.type,
    ...(d.sourceUrl ? { sourceUrl: d.sourceUrl } : { content: d.content ?? "" }),
  }));
  return {
    project: {
      definition: normalizeDefinition(view as unknown as Record<string, unknown>),
      state: view.state,
      documents,
    },
    openApi,
  };
}
