import { compilePolicy } from "./compiler/compile-policy";
import type { CompiledPolicy } from "./compiler/compiled-policy";
import { NOT_APPLICABLE_OUTCOME, type Outcome } from "./decision";
import { PolicyError } from "./errors";
import type { EvaluationContext, PolicyIdentifier, RequestView } from "./expression";
import { STATUS_PROCESSING_ERROR, STATUS_SYNTAX_ERROR } from "./identifiers";
import { type JsonResponse, parseJsonRequest, writeJsonResponse } from "./json-profile";
import { parsePolicy } from "./parser";
import type { PolicyNode, ReferenceNode } from "./policy-model";
import { type AttributeInput, type DecisionRequest, IndexedRequest, PlainRequest } from "./request";
import { parseXmlRequest } from "./request-xml";
import { writeXmlResponse } from "./response-xml";
import { type DecisionResult, requestErrorResult, toResult } from "./result";
import { DEFAULT_XML_LIMITS, type XmlLimits } from "./xml";

export interface PdpOptions {
  /** Size and nesting limits for policy and request documents. */
  readonly limits?: Partial<XmlLimits>;
  /** The clock behind current-time/date/dateTime when a request omits them (tests freeze it). */
  readonly clock?: () => Date;
}

/** A loaded, compiled set of policies. */
export interface Pdp {
  /** The root policy or policy set: the first one given to `createPdp`. */
  readonly root: { readonly kind: "Policy" | "PolicySet"; readonly id: string; readonly version: string };
  /**
   * Decides an XACML request. An XML string gets an XML `<Response>` string back, a JSON string a
   * JSON string, a parsed JSON-profile object a JSON-profile object.
   * @example pdp.evaluate('<Request xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17">…</Request>')
   */
  evaluate(request: string): string;
  evaluate(request: object): JsonResponse;
  /**
   * The cheap path for the gateway: plain attribute objects in, a typed result out.
   * @example pdp.decide({ subject: { id: "alice", role: ["admin"] }, resource: { id: "/pizza" }, action: { id: "GET" } })
   */
  decide(input: AttributeInput): DecisionResult;
  /** Decides an already-read request (XML or JSON parsed with this package). */
  decideRequest(request: DecisionRequest): DecisionResult;
}

/** A policy document and, optionally, a name for error messages (usually its file name). */
export type PolicySource = string | { readonly text: string; readonly name?: string };

function parseVersion(v: string): number[] {
  return v.split(".").map(Number);
}

function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** VersionMatchType (section 5.13): `*` matches one component, a trailing `+` any further ones. */
function versionMatches(pattern: string, version: string): boolean {
  const p = pattern.split(".");
  const v = version.split(".");
  for (let i = 0; i < p.length; i++) {
    const part = p[i];
    if (part === "+") return true;
    if (i >= v.length) return false;
    if (part !== "*" && Number(part) !== Number(v[i])) return false;
  }
  return p.length === v.length;
}

function referenceMatches(ref: ReferenceNode, node: PolicyNode): boolean {
  if ((ref.kind === "PolicyIdReference") !== (node.kind === "Policy") || ref.id !== node.id) return false;
  if (ref.version !== undefined && !versionMatches(ref.version, node.version)) return false;
  if (
    ref.earliestVersion !== undefined &&
    compareVersions(node.version, ref.earliestVersion.replace(/\*|\+/g, "0")) < 0
  )
    return false;
  if (
    ref.latestVersion !== undefined &&
    !versionMatches(ref.latestVersion, node.version) &&
    compareVersions(node.version, ref.latestVersion.replace(/\+$/, "999999").replace(/\*/g, "999999")) > 0
  )
    return false;
  return true;
}

/** Every Policy and PolicySet in a document, nested ones included, so any can be referenced. */
function collect(node: PolicyNode, out: PolicyNode[]): void {
  out.push(node);
  if (node.kind === "PolicySet")
    for (const c of node.children) if (c.kind === "Policy" || c.kind === "PolicySet") collect(c, out);
}

function parseSources(sources: readonly PolicySource[], limits: XmlLimits): PolicyNode[] {
  return sources.map((source) => {
    const text = typeof source === "string" ? source : source.text;
    const name = typeof source === "string" ? undefined : source.name;
    try {
      return parsePolicy(text, limits);
    } catch (error) {
      if (error instanceof PolicyError && name)
        throw new PolicyError(error.code, `${name}: ${error.message}`, error.location, { cause: error });
      throw error;
    }
  });
}

/**
 * Loads and compiles policies. The first is the root; the others are only reachable through
 * PolicyIdReference/PolicySetIdReference. Every policy is compiled, referenced or not, so a broken
 * one is reported now rather than at decision time. Throws `PolicyError` with a stable `code`.
 * @example const pdp = createPdp([readFileSync("root.xml", "utf8"), readFileSync("shared.xml", "utf8")]);
 */
export function createPdp(policies: PolicySource | readonly PolicySource[], options: PdpOptions = {}): Pdp {
  const limits: XmlLimits = { ...DEFAULT_XML_LIMITS, ...options.limits };
  const clock = options.clock ?? (() => new Date());
  const sources =
    typeof policies === "string" || !Array.isArray(policies)
      ? [policies as PolicySource]
      : (policies as readonly PolicySource[]);
  if (sources.length === 0) throw new PolicyError("POLICY_INVALID", "createPdp needs at least one policy");
  const documents = parseSources(sources, limits);
  const all: PolicyNode[] = [];
  for (const d of documents) collect(d, all);

  const compiled = new Map<PolicyNode, CompiledPolicy>();
  const inProgress = new Set<PolicyNode>();
  const compileNode = (node: PolicyNode): CompiledPolicy => {
    const done = compiled.get(node);
    if (done) return done;
    if (inProgress.has(node))
      throw new PolicyError(
        "POLICY_REFERENCE_CIRCULAR",
        `${node.kind} ${node.id} references itself through a chain of references`,
        node.site,
      );
    inProgress.add(node);
    const result = compilePolicy(node, (ref) => {
      const candidates = all.filter((n) => referenceMatches(ref, n));
      // Prefer the newest version that satisfies the reference (section 5.10).
      candidates.sort((a, b) => compareVersions(b.version, a.version));
      const chosen = candidates[0];
      return chosen ? compileNode(chosen) : undefined;
    });
    inProgress.delete(node);
    compiled.set(node, result);
    return result;
  };
  const rootNode = documents[0] as PolicyNode;
  const root = compileNode(rootNode);
  for (const d of documents) compileNode(d);

  const run = (view: RequestView, returnPolicyIdList: boolean): DecisionResult => {
    const policyIds: PolicyIdentifier[] | undefined = returnPolicyIdList ? [] : undefined;
    const ctx: EvaluationContext = { request: view, now: clock(), policyIds, targetError: undefined };
    let outcome: Outcome;
    try {
      outcome = root.evaluate(ctx);
    } catch (error) {
      // A bug or an unexpected runtime failure must not take the caller down: report it.
      outcome = {
        decision: 5,
        status: {
          code: STATUS_PROCESSING_ERROR,
          message: error instanceof Error ? error.message : String(error),
        },
      };
    }
    return toResult(outcome ?? NOT_APPLICABLE_OUTCOME, policyIds);
  };

  const decideRequest = (request: DecisionRequest) =>
    run(new IndexedRequest(request), request.returnPolicyIdList);

  function evaluate(request: string): string;
  function evaluate(request: object): JsonResponse;
  function evaluate(request: string | object): string | JsonResponse {
    const isXml = typeof request === "string" && request.trimStart().startsWith("<");
    let parsed: DecisionRequest;
    try {
      parsed = isXml ? parseXmlRequest(request as string, limits) : parseJsonRequest(request, limits);
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      const result = requestErrorResult(STATUS_SYNTAX_ERROR, error.message);
      if (isXml) return writeXmlResponse(result);
      const json = writeJsonResponse(result);
      return typeof request === "string" ? JSON.stringify(json) : json;
    }
    const result = decideRequest(parsed);
    if (isXml) return writeXmlResponse(result, parsed.categories);
    const json = writeJsonResponse(result, parsed.categories);
    return typeof request === "string" ? JSON.stringify(json) : json;
  }

  return {
    root: { kind: root.kind, id: root.id, version: root.version },
    evaluate,
    decide: (input) => run(new PlainRequest(input), input.returnPolicyIdList === true),
    decideRequest,
  };
}
