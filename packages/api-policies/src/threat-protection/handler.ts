import { PolicyRejection, type RequestStep } from "../request-step";
import { scanJson } from "./scan-json";
import { scanXml } from "./scan-xml";
import type { ThreatProtectionConfig } from "./schema";

function mediaType(header: string | string[] | undefined): string {
  return ((Array.isArray(header) ? header[0] : header) ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** JSON and XML bodies are measured before the backend (or request validation) parses them. */
export function compileThreatProtection(config: ThreatProtectionConfig): RequestStep {
  return (request) => {
    const body = request.body;
    if (!body || body.length === 0) return;
    const type = mediaType(request.headers["content-type"]);
    let problem: string | undefined;
    if (type === "application/json" || type.endsWith("+json"))
      problem = scanJson(body.toString("utf8"), config);
    else if (type === "application/xml" || type === "text/xml" || type.endsWith("+xml"))
      problem = scanXml(body.toString("utf8"), config);
    if (problem)
      throw new PolicyRejection(400, "request_too_complex", `the request body is refused: ${problem}`);
  };
}
