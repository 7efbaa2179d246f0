import type { IncomingMessage } from "node:http";
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";

/**
 * OpenTelemetry tracing of the gateway, on only when `OTEL_EXPORTER_OTLP_ENDPOINT` names a
 * collector: one server span per call (continuing the caller's W3C `traceparent`), whose context
 * the backend gets in `traceparent`, exported in batches over OTLP/HTTP off the request path.
 * Without the setting nothing is created and the hot path pays one undefined check.
 */
export class GatewayTracing {
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
  private readonly propagator = new W3CTraceContextPropagator();

  constructor(endpoint: string, serviceName = "portico-gateway") {
    const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, "")}/v1/traces` });
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": serviceName }),
      spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 })],
    });
    this.tracer = this.provider.getTracer("@portico/gateway");
  }

  /** The server span of one call, a child of the caller's trace when it sent one. */
  start(req: IncomingMessage, requestId: string): Span {
    const parent = this.propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
    return this.tracer.startSpan(
      `${req.method ?? "GET"} gateway`,
      {
        kind: SpanKind.SERVER,
        attributes: { "http.request.method": req.method ?? "GET", "portico.request_id": requestId },
      },
      parent,
    );
  }

  /** Writes the span's context into the backend's request headers (`traceparent`). */
  inject(span: Span, headers: Record<string, string | string[]>): void {
    this.propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, defaultTextMapSetter);
  }

  /** Ends the span with the call's outcome; `route` is the matched API (`/context/version`), when one matched. */
  end(span: Span, req: IncomingMessage, status: number, route: string | undefined): void {
    span.setAttribute("http.response.status_code", status);
    if (route) {
      span.setAttribute("http.route", route);
      span.updateName(`${req.method ?? "GET"} ${route}`);
    }
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }

  /** Sends what is still batched, then stops. */
  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}
