/**
 * Resource path templates, matched the same way by the gateway (which routes calls with them)
 * and by the platform (which shows which resource a call would reach, for the XACML "try it"
 * panel). One copy, so the two can never disagree.
 *
 * `/orders/{orderId}` matches one segment per parameter; a parameter may sit inside a segment
 * (`/files/{name}.json`); a trailing `/*` or `/{name+}` matches the rest of the path. Literal
 * segments rank above parameters, so `/orders/new` wins over `/orders/{orderId}`, and catch-alls
 * rank last.
 */
export interface CompiledTemplate {
  /** the template with its leading slash */
  template: string;
  regex: RegExp;
  /** higher matches first */
  rank: number;
}

/** A template with its leading slash (`orders` and `` become `/orders` and `/`). */
export function normalizePathTemplate(template: string): string {
  return template === "" ? "/" : template.startsWith("/") ? template : `/${template}`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles a template once; the gateway keeps the result in its configuration snapshot. */
export function compilePathTemplate(template: string): CompiledTemplate {
  const normalized = normalizePathTemplate(template);
  const segments = normalized.split("/").slice(1);
  let pattern = "";
  let rank = 0;
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (last && (segment === "*" || /^\{[^}]+\+\}$/.test(segment))) {
      pattern += "(?:/.*)?";
      return;
    }
    if (/^\{[^}]+\}$/.test(segment)) {
      pattern += "/[^/]+";
      rank += 1;
    } else {
      // Parameters may sit inside a segment (`/files/{name}.json`).
      pattern += `/${segment
        .split(/\{[^}]+\}/)
        .map(escapeRegex)
        .join("[^/]+")}`;
      rank += segment.includes("{") ? 2 : 3;
    }
  });
  if (pattern === "/") pattern = "/?";
  // Rank: more segments and more literal segments first; catch-alls last.
  const catchAll = pattern.endsWith("(?:/.*)?");
  return { template: normalized, regex: new RegExp(`^${pattern}/?$`), rank: rank * 2 + (catchAll ? 0 : 1) };
}

/**
 * The resource a call reaches: same method (any case), a matching template, the highest rank;
 * the first listed wins a tie. Compiles the templates on each call: for occasional lookups, not
 * a request path (the gateway matches against its precompiled snapshot).
 */
export function matchResource<R extends { method: string; pathTemplate: string }>(
  resources: readonly R[],
  method: string,
  path: string,
): R | undefined {
  const target = path === "" ? "/" : path;
  let best: { resource: R; rank: number } | undefined;
  for (const resource of resources) {
    if (resource.method.toUpperCase() !== method.toUpperCase()) continue;
    const { regex, rank } = compilePathTemplate(resource.pathTemplate);
    if (regex.test(target) && (!best || rank > best.rank)) best = { resource, rank };
  }
  return best?.resource;
}
