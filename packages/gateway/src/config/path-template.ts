/**
 * A resource's path template compiled for matching: `/orders/{orderId}` matches one segment per
 * parameter; a trailing `/*` matches the rest of the path. Literal segments rank above
 * parameters, so `/orders/new` wins over `/orders/{orderId}`.
 */
export interface CompiledTemplate {
  template: string;
  regex: RegExp;
  /** higher matches first */
  rank: number;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function compilePathTemplate(template: string): CompiledTemplate {
  const normalized = template === "" ? "/" : template.startsWith("/") ? template : `/${template}`;
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
