import type { CompileContext } from "../define-policy";
import type { PolicyCall, PolicyResponse, ResponseStep } from "../response-step";
import { ResponseStore } from "./response-store";
import type { ResponseCacheConfig } from "./schema";

/** Headers never stored with an answer: the gateway writes its own per call. */
const NOT_STORED = new Set(["age", "x-cache"]);

/** Seconds the backend lets shared caches keep the answer: 0 for never, undefined for no limit. */
function backendLifetime(headers: PolicyResponse["headers"]): number | undefined {
  if (headers["set-cookie"] !== undefined) return 0;
  const vary = headers.vary;
  if (vary !== undefined && String(vary).includes("*")) return 0;
  const raw = headers["cache-control"];
  if (raw === undefined) return undefined;
  const directives = (Array.isArray(raw) ? raw.join(",") : raw).toLowerCase();
  if (/(^|[\s,])(no-store|private|no-cache)([\s,=]|$)/.test(directives)) return 0;
  const shared = /(?:^|[\s,])s-maxage\s*=\s*"?(\d+)/.exec(directives);
  const max = shared ?? /(?:^|[\s,])max-age\s*=\s*"?(\d+)/.exec(directives);
  return max ? Number(max[1]) : undefined;
}

function flatten(headers: PolicyResponse["headers"]): { list: string[]; bytes: number } {
  const list: string[] = [];
  let bytes = 0;
  for (const name in headers) {
    if (NOT_STORED.has(name)) continue;
    const value = headers[name] as string | string[];
    for (const v of Array.isArray(value) ? value : [value]) {
      list.push(name, v);
      bytes += name.length + v.length;
    }
  }
  return { list, bytes };
}

/**
 * The cache of one attachment; kept across configuration reloads while its configuration stays
 * the same, emptied when it changes. Bounded: see `ResponseStore`.
 */
const stores = new Map<string, { config: string; store: ResponseStore }>();

function storeFor(config: ResponseCacheConfig, id: string): ResponseStore {
  const key = JSON.stringify(config);
  const held = stores.get(id);
  if (held && held.config === key) return held.store;
  held?.store.clear();
  const store = new ResponseStore(config.maxTotalBytes);
  stores.set(id, { config: key, store });
  return store;
}

/**
 * Caches GET and HEAD answers by method, path, query and the chosen request headers. Calls with
 * a credential are neither answered from the cache nor stored, unless `cacheAuthenticated`: then
 * the key holds the caller (application, key type and end user), so no caller gets another's
 * answer. Answers the backend marks `no-store`, `private` or `no-cache`, sets cookies on, or
 * varies on everything (`Vary: *`) are never stored, nor are answers other than 200.
 */
export function compileResponseCache(
  config: ResponseCacheConfig,
  context: CompileContext,
): ResponseStep | undefined {
  const method = context.resource.method;
  if (method !== "GET" && method !== "HEAD") return undefined;
  const store = storeFor(config, context.id);
  const keys = new WeakMap<PolicyCall, string>();

  const keyOf = (call: PolicyCall): string | undefined => {
    if (call.method !== "GET" && call.method !== "HEAD") return undefined;
    if (call.authenticated && (!config.cacheAuthenticated || call.principal === undefined)) return undefined;
    let key = `${call.method} ${call.path}${call.query}`;
    for (const name of config.varyHeaders) {
      const value = call.headers[name];
      key += `\n${name}:${value === undefined ? "" : Array.isArray(value) ? value.join(",") : value}`;
    }
    if (call.authenticated) key += `\n@${call.principal}`;
    return key;
  };

  return {
    bodyLimit: config.maxEntryBytes,
    before(call) {
      const key = keyOf(call);
      if (key === undefined) return undefined;
      const entry = store.get(key, call.now);
      if (!entry) {
        keys.set(call, key);
        return undefined;
      }
      const age = String(Math.max(0, Math.floor((call.now - entry.storedAt) / 1000)));
      return {
        status: entry.status,
        headers: [...entry.headers, "age", age, "x-cache", "HIT"],
        body: entry.body,
      };
    },
    head(_call, response) {
      response.headers["x-cache"] = "MISS";
    },
    body(call, response, body) {
      const key = keys.get(call);
      if (key === undefined || response.status !== 200) return;
      const lifetime = backendLifetime(response.headers);
      const seconds = lifetime === undefined ? config.ttlSeconds : Math.min(lifetime, config.ttlSeconds);
      if (seconds <= 0) return;
      const { list, bytes } = flatten(response.headers);
      const size = body.length + bytes + key.length;
      if (size > config.maxEntryBytes) return;
      store.set(key, {
        status: response.status,
        headers: list,
        body,
        storedAt: call.now,
        expiresAt: call.now + seconds * 1000,
        size,
      });
    },
  };
}
