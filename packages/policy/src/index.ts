/**
 * @portico/policy: the XACML 3.0 policy decision point.
 *
 * `createPdp(policies)` loads and compiles policies once; `evaluate` answers XACML XML or JSON
 * requests, `decide` answers plain attribute objects for the gateway's hot path.
 */

export type { PolicyErrorCode, SourceLocation } from "./errors";
export { PolicyError } from "./errors";
export type { MissingAttributeDetail, PolicyIdentifier } from "./expression";
export { MAX_REGEX_INPUT } from "./functions/regexp";
export type { JsonResponse } from "./json-profile";
export { parseJsonRequest } from "./json-profile";
export type { Pdp, PdpOptions, PolicySource } from "./pdp";
export { createPdp } from "./pdp";
export type { AttributeInput, DecisionRequest, PlainAttributes, PlainValue } from "./request";
export { parseXmlRequest } from "./request-xml";
export type { DecisionResult, ResultAssignment, ResultDirective, ResultStatus } from "./result";
export type { XmlLimits } from "./xml";
export { DEFAULT_XML_LIMITS } from "./xml";
