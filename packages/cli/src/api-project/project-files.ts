// An API project folder, as `portico api export` writes it and `import` / `diff` read it:
//
//   api.yaml       kind API: the definition (resources, scopes, tiers, gateway policies, security
//                  schemes, …), the lifecycle state, and the documents
//   openapi.yaml   the API's OpenAPI document as the gateway serves it (for consumers and review)
//   docs/          one markdown file per document with content
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";
import { CliError } from "../errors";
import { API_STATES, type Definition, IDENTITY_FIELDS, normalizeDefinition } from "./definition";

export const PROJECT_API_VERSION = "portico/v1";

export interface ProjectDocument {
  name: string;
  type: string;
  /** markdown content (read from `file`, relative to the project folder) */
  content?: string;
  sourceUrl?: string;
}

export interface ApiProject {
  definition: Definition;
  state?: string;
  documents: ProjectDocument[];
}

interface DocumentEntry {
  name: string;
  type: string;
  file?: string;
  sourceUrl?: string;
}

/** A file name for a document: its name in lower case, letters and digits joined by dashes. */
function documentFileName(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "document";
  let candidate = `${base}.md`;
  for (let i = 2; taken.has(candidate); i++) candidate = `${base}-${i}.md`;
  taken.add(candidate);
  return candidate;
}

export function writeProject(dir: string, project: ApiProject, openApi: unknown): string[] {
  mkdirSync(path.join(dir, "docs"), { recursive: true });
  const taken = new Set<string>();
  const documents: DocumentEntry[] = project.documents.map((d) => {
    if (d.sourceUrl) return { name: d.name, type: d.type, sourceUrl: d.sourceUrl };
    const file = `docs/${documentFileName(d.name, taken)}`;
    writeFileSync(path.join(dir, file), d.content ?? "");
    return { name: d.name, type: d.type, file };
  });
  const apiYaml = {
    apiVersion: PROJECT_API_VERSION,
    kind: "API",
    definition: project.definition,
    ...(project.state ? { state: project.state } : {}),
    documents,
  };
  writeFileSync(path.join(dir, "api.yaml"), stringify(apiYaml, { lineWidth: 0 }));
  writeFileSync(path.join(dir, "openapi.yaml"), stringify(openApi, { lineWidth: 0 }));
  return ["api.yaml", "openapi.yaml", ...documents.flatMap((d) => (d.file ? [d.file] : []))];
}

function fail(file: string, message: string): never {
  throw new CliError(`${file}: ${message}`, "invalid_project");
}

function readDocuments(dir: string, file: string, entries: unknown): ProjectDocument[] {
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) fail(file, "documents must be a list");
  const root = path.resolve(dir);
  return entries.map((raw, i) => {
    const entry = raw as Partial<DocumentEntry>;
    if (!entry || typeof entry.name !== "string" || !entry.name.trim())
      fail(file, `documents[${i}] needs a name`);
    const type = typeof entry.type === "string" ? entry.type : "HOWTO";
    if (entry.sourceUrl !== undefined) {
      if (typeof entry.sourceUrl !== "string" || entry.file !== undefined)
        fail(file, `documents[${i}] has either a file or a sourceUrl`);
      return { name: entry.name, type, sourceUrl: entry.sourceUrl };
    }
    if (typeof entry.file !== "string") fail(file, `documents[${i}] needs a file or a sourceUrl`);
    const target = path.resolve(root, entry.file);
    // a project names files inside itself only
    if (!target.startsWith(`${root}${path.sep}`))
      fail(file, `documents[${i}].file must stay inside the project folder`);
    if (!existsSync(target)) fail(file, `documents[${i}].file ${entry.file} does not exist`);
    return { name: entry.name, type, content: readFileSync(target, "utf8") };
  });
}

export function readProject(dir: string): ApiProject {
  const file = path.join(dir, "api.yaml");
  if (!existsSync(file))
    throw new CliError(`${dir} is not an API project: it has no api.yaml`, "invalid_project");
  let parsed: Record<string, unknown>;
  try {
    parsed = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    fail(file, `not YAML: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object") fail(file, "not a mapping");
  if (parsed.apiVersion !== PROJECT_API_VERSION || parsed.kind !== "API")
    fail(file, `expected apiVersion ${PROJECT_API_VERSION} and kind API`);
  const definition = parsed.definition as Record<string, unknown>;
  if (!definition || typeof definition !== "object" || Array.isArray(definition))
    fail(file, "definition must be a mapping");
  for (const field of IDENTITY_FIELDS)
    if (typeof definition[field] !== "string") fail(file, `definition.${field} is required`);
  const state = parsed.state;
  if (state !== undefined && (typeof state !== "string" || !API_STATES.includes(state)))
    fail(file, `state must be one of ${API_STATES.join(", ")}`);
  return {
    definition: normalizeDefinition(definition),
    state: state as string | undefined,
    documents: readDocuments(dir, file, parsed.documents),
  };
}
