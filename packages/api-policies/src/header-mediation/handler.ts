import type { PolicyRequest, RequestStep } from "../request-step";
import { type HeaderMediationConfig, TEMPLATE_PART } from "./schema";

type Rule = HeaderMediationConfig["headers"][number];
/** A value worked out per call: literal text, or undefined when a claim it names is absent. */
type Render = (request: PolicyRequest) => string | undefined;

const UNSAFE = /[\r\n\0]/;

function claimText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join(" ");
  return undefined;
}

/** Splits a templated value once, at compile time; literal values cost nothing per call. */
function compileValue(template: string): Render {
  const parts = template.split(TEMPLATE_PART);
  if (parts.length === 1) return () => template;
  return (request) => {
    let out = "";
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (i % 2 === 0) {
        out += part;
        continue;
      }
      const text =
        part === "client.ip" ? request.clientIp : claimText(request.claims[part.slice("claims.".length)]);
      // A claim that is absent or could split the header leaves the header unset rather than half-filled.
      if (text === undefined || UNSAFE.test(text)) return undefined;
      out += text;
    }
    return out;
  };
}

type Edit<Target> = (target: Target, request: PolicyRequest) => void;

function headerEdit(rule: Rule): Edit<Record<string, string | string[]>> {
  if (rule.action === "remove")
    return (headers) => {
      delete headers[rule.name];
    };
  if (rule.action === "rename")
    return (headers) => {
      const current = headers[rule.name];
      if (current === undefined) return;
      delete headers[rule.name];
      headers[rule.to] = current;
    };
  const render = compileValue(rule.value);
  return (headers, request) => {
    const text = render(request);
    // A set rule always replaces what the caller sent: a caller cannot pre-fill a claim header.
    if (text === undefined) delete headers[rule.name];
    else headers[rule.name] = text;
  };
}

function queryEdit(rule: HeaderMediationConfig["query"][number]): Edit<URLSearchParams> {
  if (rule.action === "remove") return (query) => query.delete(rule.name);
  if (rule.action === "rename")
    return (query) => {
      const values = query.getAll(rule.name);
      if (values.length === 0) return;
      query.delete(rule.name);
      for (const v of values) query.append(rule.to, v);
    };
  const render = compileValue(rule.value);
  return (query, request) => {
    const text = render(request);
    if (text === undefined) query.delete(rule.name);
    else query.set(rule.name, text);
  };
}

/** Compiles the rules into one step; the query is parsed only when there are query rules. */
export function compileHeaderMediation(config: HeaderMediationConfig): RequestStep {
  const headerEdits = config.headers.map(headerEdit);
  const queryEdits = config.query.map(queryEdit);
  return (request) => {
    for (const edit of headerEdits) edit(request.headers, request);
    if (queryEdits.length === 0) return;
    const query = new URLSearchParams(request.query);
    for (const edit of queryEdits) edit(query, request);
    const text = query.toString();
    request.query = text ? `?${text}` : "";
  };
}
