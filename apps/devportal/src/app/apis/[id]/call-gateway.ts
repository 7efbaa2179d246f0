import "server-only";

/** The try-it console's limits: a slow or huge backend must not hold the portal. */
export const TRY_IT_TIMEOUT_MS = 10_000;
export const TRY_IT_MAX_BODY_BYTES = 64 * 1024;

export interface GatewayResponse {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: string;
  truncated: boolean;
  durationMs: number;
}

/** Reads at most `limit` bytes of a response body, then stops reading. */
async function readCapped(res: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: "", truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = limit - size;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      truncated = true;
      await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated };
}

/**
 * Sends one request through the gateway for the try-it console. The URL is built by the caller
 * from the API's own gateway URL, never taken from the browser. Redirects are not followed.
 */
export async function callGateway(request: {
  url: string;
  method: string;
  token?: string;
  /** an API key, in the header the API's publisher named */
  apiKey?: { header: string; value: string };
  body?: string;
  contentType?: string;
}): Promise<GatewayResponse> {
  const headers: Record<string, string> = { accept: "application/json, text/plain;q=0.9, */*;q=0.5" };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.apiKey) headers[request.apiKey.header.toLowerCase()] = request.apiKey.value;
  const hasBody =
    request.body !== undefined && request.body !== "" && !["GET", "HEAD"].includes(request.method);
  if (hasBody) headers["content-type"] = request.contentType || "application/json";
  const started = performance.now();
  const res = await fetch(request.url, {
    method: request.method,
    headers,
    body: hasBody ? request.body : undefined,
    redirect: "manual",
    cache: "no-store",
    signal: AbortSignal.timeout(TRY_IT_TIMEOUT_MS),
  });
  const { text, truncated } = await readCapped(res, TRY_IT_MAX_BODY_BYTES);
  return {
    status: res.status,
    statusText: res.statusText,
    headers: [...res.headers.entries()],
    body: text,
    truncated,
    durationMs: Math.round(performance.now() - started),
  };
}

/** What the try-it console shows: the request it sent and the gateway's answer, or why not. */
export interface TryItState {
  ok?: boolean;
  message?: string;
  fields?: Record<string, string>;
  request?: { method: string; url: string };
  response?: GatewayResponse;
}
