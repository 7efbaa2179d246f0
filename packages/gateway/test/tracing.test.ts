// OpenTelemetry tracing, switched on by OTEL_EXPORTER_OTLP_ENDPOINT: the gateway's spans reach an
// OTLP/HTTP receiver (a real HTTP server here, reading what the official exporter sends), continue
// the caller's W3C trace, and the backend gets the gateway span's context in `traceparent`.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, call, createWorld, type World } from "./fixtures";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}
interface OtlpRequest {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans: Array<{ spans: OtlpSpan[] }>;
  }>;
}

const received: OtlpRequest[] = [];
let receiver: Server;
let world: World;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url === "/v1/traces") received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  world = await createWorld({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
});
afterAll(async () => {
  await world?.close();
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value ? Object.values(value)[0] : undefined;
};

describe("with OTEL_EXPORTER_OTLP_ENDPOINT", () => {
  it("exports one server span per call, in the caller's trace, and hands its context to the backend", async () => {
    const api = await world.createApi({ context: "/traced", resources: [{ method: "GET", path: "/x" }] });
    const app = await world.createApplication("traced-app");
    await world.subscribe(app.id, api.id);
    const { token } = await world.mintJwt({ clientId: app.productionClientId });
    const gw = await world.start();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const callerSpan = "00f067aa0ba902b7";
    const answer = await call(`${gw.httpUrl}/traced/1.0.0/x`, {
      headers: { ...bearer(token), traceparent: `00-${traceId}-${callerSpan}-01`, "x-request-id": "trace-1" },
    });
    expect(answer.status).toBe(200);
    const sent = world.upstream.seen.at(-1)?.headers.traceparent;
    // stopping flushes the batch
    await gw.close();

    const spans = received.flatMap((r) =>
      r.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans)),
    );
    const span = spans.find((s) => attribute(s, "portico.request_id") === "trace-1");
    expect(span).toBeDefined();
    if (!span) return;
    expect(span.traceId).toBe(traceId);
    expect(span.parentSpanId).toBe(callerSpan);
    expect(span.kind).toBe(2); // SERVER
    expect(span.name).toBe("GET /traced/1.0.0");
    expect(Number(attribute(span, "http.response.status_code"))).toBe(200);
    const service = received[0]?.resourceSpans[0]?.resource.attributes.find((a) => a.key === "service.name");
    expect(service?.value.stringValue).toBe("portico-gateway");
    // the backend is a child of the gateway's span, in the same trace
    expect(sent).toBe(`00-${traceId}-${span.spanId}-01`);
  });

  it("starts a new trace for a caller without one, or with a malformed traceparent", async () => {
    const gw = await world.start();
    const before = received.length;
    const answer = await call(`${gw.httpUrl}/nothing/here`, {
      headers: { traceparent: "00-zz-not-a-trace", "x-request-id": "trace-2" },
    });
    expect(answer.status).toBe(404);
    await gw.close();
    const spans = received
      .slice(before)
      .flatMap((r) => r.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans)));
    const span = spans.find((s) => attribute(s, "portico.request_id") === "trace-2");
    expect(span?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span?.parentSpanId ?? "").toBe("");
    expect(Number(span ? attribute(span, "http.response.status_code") : 0)).toBe(404);
  });
});
