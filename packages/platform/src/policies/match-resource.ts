import { normalizeTemplate } from "./gateway-request";

/**
 * Finds the resource the gateway would route a call to: the same template rules as
 * `packages/gateway/src/config/path-template.ts` (a parameter matches one segment, a trailing `*`
 * or `{name+}` the rest; literal segments rank above parameters). The gateway is not imported:
 * the platform and the gateway meet only in the database.
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
    const { regex, rank } = compileTemplate(resource.pathTemplate);
    if (regex.test(target) && (!best || rank > best.rank)) best = { resource, rank };
  }
  return best?.resource;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compileTemplate(template: string): { regex: RegExp; rank: number } {
  const segments = normalizeTemplate(template).split("/").slice(1);
  let pattern = "";
  let rank = 0;
  segments.forEach((segment, index) => {
    if (index === segments.length - 1 && (segment === "*" || /^\{[^}]+\+\}$/.test(segment))) {
      pattern += "(?:/.*)?";
      return;
    }
    if (/^\{[^}]+\}$/.test(segment)) {
      pattern += "/[^/]+";
      rank += 1;
    } else {
      pattern += `/${segment
        .split(/\{[^}]+\}/)
        .map(escapeRegex)
        .join("[^/]+")}`;
      rank += segment.includes("{") ? 2 : 3;
    }
  });
  if (pattern === "/") pattern = "/?";
  const catchAll = pattern.endsWith("(?:/.*)?");
  return { regex: new RegExp(`^${pattern}/?$`), rank: rank * 2 + (catchAll ? 0 : 1) };
}
