import { compileErrors, dereference, validate } from "@readme/openapi-parser";
import type { OpenAPIV3 } from "openapi-types";
import { parse as parseYaml } from "yaml";
import { AppError } from "../errors";
import { checkTextDepth, checkValueDepth } from "../json-depth";
import { HTTP_METHODS } from "./api-schemas";

const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
// Only internal $refs: an uploaded document must not make the server read files or fetch URLs.
const noExternal = { resolve: { external: false, file: false } };

type Json = Record<string, unknown>;

export interface ImportedDefinition {
  title?: string;
  version?: string;
  description?: string;
  serverUrl?: string;
  scopes: Array<{ name: string; description?: string }>;
  resources: Array<{
    method: string;
    path: string;
    scopes: string[];
    authRequired: boolean;
    description?: string;
  }>;
  document: Json;
}

function readText(source: string | Json): Json {
  if (typeof source !== "string") {
    checkValueDepth(source, "document");
    return structuredClone(source);
  }
  if (Buffer.byteLength(source) > MAX_DOCUMENT_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", "the OpenAPI document is larger than 2 MiB");
  }
  // flow nesting ([ {) before the YAML parser, block nesting (indentation) after it
  checkTextDepth(source, "document");
  try {
    // YAML 1.2 is a superset of JSON: one parser reads both. Aliases are capped against "billion laughs".
    const value = parseYaml(source, { maxAliasCount: 100, prettyErrors: false });
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
    checkValueDepth(value, "document");
    return value as Json;
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    throw new AppError("VALIDATION_FAILED", "the document is not valid JSON or YAML", {
      fields: [{ field: "document", message: (cause as Error).message.split("\n")[0] ?? "unreadable" }],
    });
  }
}

/** The JSON pointer of the first `$ref` that leaves the document, if any. */
function externalRef(value: unknown, at = "#"): string | null {
  if (!value || typeof value !== "object") return null;
  for (const [key, child] of Object.entries(value)) {
    if (key === "$ref" && typeof child === "string" && !child.startsWith("#")) return at;
    const found = externalRef(child, `${at}/${key}`);
    if (found) return found;
  }
  return null;
}

/**
 * Reads an OpenAPI 3.0/3.1 document (JSON or YAML text, or an object) with a maintained parser:
 * validated against the specification, $refs resolved, then its operations become resources and
 * its OAuth 2.0 scopes become API scopes.
 */
export async function readOpenApi(source: string | Json): Promise<ImportedDefinition> {
  const raw = readText(source);
  const version = String(raw.openapi ?? "");
  if (!/^3\.[01]\.\d+$/.test(version)) {
    throw new AppError("VALIDATION_FAILED", "only OpenAPI 3.0 and 3.1 documents are supported", {
      fields: [
        {
          field: "document.openapi",
          message: raw.swagger
            ? "Swagger 2.0 is not supported; convert to OpenAPI 3"
            : "missing or unsupported openapi version",
        },
      ],
    });
  }
  const external = externalRef(raw);
  if (external) {
    throw new AppError(
      "VALIDATION_FAILED",
      "the document refers to another document; upload one self-contained document",
      {
        fields: [{ field: "document", message: `external $ref at ${external}` }],
      },
    );
  }
  const result = await validate(structuredClone(raw) as unknown as OpenAPIV3.Document, noExternal);
  if (!result.valid) {
    throw new AppError(
      "VALIDATION_FAILED",
      `the OpenAPI document is invalid: ${compileErrors(result).split("\n").slice(0, 5).join(" ")}`,
      {
        fields: result.errors.slice(0, 20).map((e) => ({ field: "document", message: e.message })),
      },
    );
  }
  const doc = (await dereference(
    structuredClone(raw) as unknown as OpenAPIV3.Document,
    noExternal,
  )) as unknown as Json;
  const info = (doc.info ?? {}) as Json;
  const servers = (doc.servers ?? []) as Array<{ url?: string }>;
  const components = (doc.components ?? {}) as Json;
  const schemes = (components.securitySchemes ?? {}) as Record<string, Json>;

  const scopeDescriptions = new Map<string, string>();
  const oauthSchemes = new Set<string>();
  for (const [name, scheme] of Object.entries(schemes)) {
    if (scheme.type !== "oauth2" && scheme.type !== "openIdConnect") continue;
    oauthSchemes.add(name);
    for (const flow of Object.values((scheme.flows ?? {}) as Record<string, Json>)) {
      for (const [scope, description] of Object.entries((flow.scopes ?? {}) as Record<string, string>)) {
        if (!scopeDescriptions.has(scope)) scopeDescriptions.set(scope, description);
      }
    }
  }

  type Requirement = Record<string, string[]>;
  const rootSecurity = doc.security as Requirement[] | undefined;
  const resources: ImportedDefinition["resources"] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of HTTP_METHODS) {
      const op = item[method.toLowerCase()] as Json | undefined;
      if (!op) continue;
      const security = (op.security as Requirement[] | undefined) ?? rootSecurity;
      // An explicit empty list (or an empty requirement) means the operation is open.
      const open =
        Array.isArray(security) &&
        (security.length === 0 || security.some((r) => Object.keys(r).length === 0));
      const scopes = new Set<string>();
      for (const requirement of security ?? []) {
        for (const [scheme, list] of Object.entries(requirement))
          if (oauthSchemes.has(scheme)) for (const s of list) scopes.add(s);
      }
      for (const s of scopes) if (!scopeDescriptions.has(s)) scopeDescriptions.set(s, "");
      resources.push({
        method,
        path: path.replace(/\/+$/, "") || "/",
        scopes: [...scopes].sort(),
        authRequired: !open,
        description: (op.summary as string | undefined) ?? (op.description as string | undefined),
      });
    }
  }
  return {
    title: info.title as string | undefined,
    version: info.version as string | undefined,
    description: info.description as string | undefined,
    serverUrl: servers.find((s) => /^https?:\/\//.test(s.url ?? ""))?.url,
    scopes: [...scopeDescriptions].map(([name, description]) => ({
      name,
      description: description || undefined,
    })),
    resources,
    document: raw,
  };
}
