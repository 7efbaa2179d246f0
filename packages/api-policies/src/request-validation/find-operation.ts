// Finds a resource's operation in an OpenAPI 3 document and the parts the validator needs, with
// local `$ref`s (`#/components/...`) to parameters and request bodies followed.

type Json = Record<string, unknown>;

export interface OperationParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  /** JSON pointer of its schema inside the document */
  schemaPointer: string;
  isArray: boolean;
}

export interface Operation {
  /** the document's path, e.g. `/orders/{orderId}`: its parameter names, by position */
  path: string;
  /** JSON pointer of the operation object inside the document */
  pointer: string;
  parameters: OperationParameter[];
  /** media type -> JSON pointer of its schema */
  bodySchemas: Map<string, string>;
  bodyRequired: boolean;
}

export const escapeToken = (token: string) => token.replaceAll("~", "~0").replaceAll("/", "~1");
const unescapeToken = (token: string) => token.replaceAll("~1", "/").replaceAll("~0", "~");

export function at(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const token of pointer.split("/").slice(1)) {
    if (!node || typeof node !== "object") return undefined;
    node = (node as Json)[unescapeToken(token)];
  }
  return node;
}

/** Follows `$ref`s (at most 10, local only): the node and its pointer. */
export function follow(doc: unknown, pointer: string): { node: Json; pointer: string } | undefined {
  let current = pointer;
  for (let i = 0; i < 10; i++) {
    const node = at(doc, current);
    if (!node || typeof node !== "object") return undefined;
    const ref = (node as Json).$ref;
    if (typeof ref !== "string") return { node: node as Json, pointer: current };
    if (!ref.startsWith("#/")) return undefined;
    current = ref.slice(1);
  }
  return undefined;
}

/** `/orders/{orderId}` and `/orders/{id}` are the same path. */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, "{}").replace(/\/+$/, "") || "/";

export function findOperation(doc: unknown, method: string, path: string): Operation | undefined {
  const paths = at(doc, "/paths");
  if (!paths || typeof paths !== "object") return undefined;
  const key = Object.keys(paths).find((p) => shape(p) === shape(path));
  if (key === undefined) return undefined;
  const itemPointer = `/paths/${escapeToken(key)}`;
  const opPointer = `${itemPointer}/${method.toLowerCase()}`;
  const op = follow(doc, opPointer);
  if (!op) return undefined;

  const byKey = new Map<string, OperationParameter>();
  for (const base of [`${itemPointer}/parameters`, `${opPointer}/parameters`]) {
    const list = at(doc, base);
    if (!Array.isArray(list)) continue;
    list.forEach((_, index) => {
      const p = follow(doc, `${base}/${index}`);
      if (!p || typeof p.node.name !== "string") return;
      const where = p.node.in;
      if (where !== "path" && where !== "query" && where !== "header") return;
      const schema = follow(doc, `${p.pointer}/schema`);
      const name = where === "header" ? p.node.name.toLowerCase() : p.node.name;
      // operation-level parameters override path-level ones of the same name and place
      byKey.set(`${where}:${name}`, {
        name,
        in: where,
        required: where === "path" || p.node.required === true,
        schemaPointer: schema ? schema.pointer : "",
        isArray: schema?.node.type === "array",
      });
    });
  }

  const bodySchemas = new Map<string, string>();
  let bodyRequired = false;
  const body = follow(doc, `${op.pointer}/requestBody`);
  if (body) {
    bodyRequired = body.node.required === true;
    const content = body.node.content;
    if (content && typeof content === "object")
      for (const media of Object.keys(content)) {
        const schema = follow(doc, `${body.pointer}/content/${escapeToken(media)}/schema`);
        bodySchemas.set(media.toLowerCase(), schema ? schema.pointer : "");
      }
  }
  return { path: key, pointer: op.pointer, parameters: [...byKey.values()], bodySchemas, bodyRequired };
}
