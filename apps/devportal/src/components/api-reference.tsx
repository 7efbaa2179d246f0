"use client";

import dynamic from "next/dynamic";
import "swagger-ui-react/swagger-ui.css";

// Swagger UI touches window on load: render it in the browser only. Its assets are bundled by
// Next (nothing from a CDN); its own "Try it out" is off because the browser may only connect to
// this portal (CSP) — the try-it console below calls the gateway from the server instead.
const SwaggerUI = dynamic(() => import("swagger-ui-react"), {
  ssr: false,
  loading: () => <p className="text-sm text-slate-500">Loading the reference…</p>,
});

/** The API's OpenAPI document as interactive reference documentation. */
export function ApiReference({ spec }: { spec: Record<string, unknown> }) {
  return (
    // Its Authorize dialog would fetch tokens from the browser, which the CSP forbids: hidden.
    <section aria-label="API reference" className="[&_.auth-wrapper]:hidden">
      <SwaggerUI spec={spec} supportedSubmitMethods={[]} docExpansion="list" defaultModelsExpandDepth={-1} />
    </section>
  );
}
