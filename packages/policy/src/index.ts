/**
 * @portico/policy: the XACML 3.0 policy decision point.
 *
 * `createPdp(policies)` loads and compiles policies once; `evaluate` answers XACML XML or JSON
 * requests, `decide` answers plain attribute objects for the gateway's hot path.
 */
export { createPdp } from "./pdp";
export type { Pdp, PdpOptions, PolicySource } from "./pdp";
export { PolicyError } from "./errors";
export type { PolicyErrorCode, SourceLocation } from "./errors";
export type { AttributeInput, DecisionRequest, PlainAttributes, PlainValue } from "./request";
export type { DecisionResult, ResultAssignment, ResultDirective, ResultStatus } from "./result";
export type { MissingAttributeDetail, PolicyIdentifier } from "./expression";
export type { JsonResponse } from "./json-profile";
export { parseXmlRequest } from "./request-xml";
export { parseJsonRequest } from "./json-profile";
export { DEFAULT_XML_LIMITS } from "./xml";
export type { XmlLimits } from "./xml";
export { MAX_REGEX_INPUT } from "./functions/regexp";
