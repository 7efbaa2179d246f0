import {
  booleanType,
  type DataType,
  doubleType,
  findDataType,
  InvalidValue,
  integerType,
  stringType,
} from "./datatypes";
import { PolicyError } from "./errors";
import {
  CATEGORY_ACCESS_SUBJECT,
  CATEGORY_ACTION,
  CATEGORY_ENVIRONMENT,
  CATEGORY_RESOURCE,
} from "./identifiers";
import type { DecisionRequest, RequestAttribute, RequestCategory } from "./request";
import type { DecisionResult, ResultDirective } from "./result";
import { DEFAULT_XML_LIMITS, parseXml, type XmlLimits } from "./xml";

/**
 * The JSON Profile of XACML 3.0 (v1.1): requests with `Category` arrays or the shorthand
 * category members, data types by full id or short name, or inferred from the JSON value.
 */
const SHORTHAND_CATEGORIES: Record<string, string> = {
  AccessSubject: CATEGORY_ACCESS_SUBJECT,
  Action: CATEGORY_ACTION,
  Resource: CATEGORY_RESOURCE,
  Environment: CATEGORY_ENVIRONMENT,
  RecipientSubject: "urn:oasis:names:tc:xacml:1.0:subject-category:recipient-subject",
  IntermediarySubject: "urn:oasis:names:tc:xacml:1.0:subject-category:intermediary-subject",
  Codebase: "urn:oasis:names:tc:xacml:1.0:subject-category:codebase",
  RequestingMachine: "urn:oasis:names:tc:xacml:1.0:subject-category:requesting-machine",
};

/** Largest JSON nesting accepted, for the same reason as the XML depth limit. */
const MAX_JSON_DEPTH = 32;

function invalid(message: string): PolicyError {
  return new PolicyError("REQUEST_INVALID", `JSON request: ${message}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Refuses documents nested deeper than MAX_JSON_DEPTH, without recursion or argument spreading. */
function checkDepth(root: unknown): void {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [v, level] = stack.pop() as [unknown, number];
    if (level > MAX_JSON_DEPTH)
      throw new PolicyError("REQUEST_INVALID", `JSON request nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(v)) for (const x of v) stack.push([x, level + 1]);
    else if (isObject(v)) for (const x of Object.values(v)) stack.push([x, level + 1]);
  }
}

function inferType(v: unknown): DataType {
  if (typeof v === "boolean") return booleanType;
  if (typeof v === "number") return Number.isInteger(v) ? integerType : doubleType;
  return stringType;
}

function parseAttribute(raw: unknown): RequestAttribute {
  if (!isObject(raw)) throw invalid("an Attribute must be an object");
  const { AttributeId, Value, DataType: dataTypeId, Issuer, IncludeInResult } = raw;
  if (typeof AttributeId !== "string") throw invalid("an Attribute needs a string AttributeId");
  if (Value === undefined) throw invalid(`attribute ${AttributeId} has no Value`);
  const list = Array.isArray(Value) ? Value : [Value];
  let dataType: DataType;
  if (dataTypeId !== undefined) {
    if (typeof dataTypeId !== "string") throw invalid(`attribute ${AttributeId}: DataType must be a string`);
    const found = findDataType(dataTypeId);
    if (!found) throw new PolicyError("UNKNOWN_DATATYPE", `unknown data type ${dataTypeId}`);
    dataType = found;
  } else {
    dataType = list.length > 0 ? inferType(list[0]) : stringType;
    // Mixed integers and decimals in one array are all doubles (profile section 3.3.1).
    if (dataType === integerType && list.some((x) => typeof x === "number" && !Number.isInteger(x)))
      dataType = doubleType;
  }
  const values = list.map((v) => {
    if (isObject(v) || Array.isArray(v))
      throw invalid(`attribute ${AttributeId}: values must be JSON scalars`);
    try {
      if (dataType === doubleType && typeof v === "number") return { dataType, value: v };
      if (dataType === integerType && typeof v === "number" && Number.isSafeInteger(v))
        return { dataType, value: v };
      if (dataType === booleanType && typeof v === "boolean") return { dataType, value: v };
      return { dataType, value: dataType.parse(String(v)) };
    } catch (error) {
      if (error instanceof InvalidValue) throw invalid(`attribute ${AttributeId}: ${error.message}`);
      throw error;
    }
  });
  return {
    attributeId: AttributeId,
    ...(typeof Issuer === "string" ? { issuer: Issuer } : {}),
    includeInResult: IncludeInResult === true,
    values,
  };
}

function parseCategory(raw: unknown, implied: string | undefined, limits: XmlLimits): RequestCategory {
  if (!isObject(raw)) throw invalid("a category must be an object");
  const category = typeof raw.CategoryId === "string" ? raw.CategoryId : implied;
  if (!category) throw invalid("a Category entry needs a CategoryId");
  const attributes =
    raw.Attribute === undefined
      ? []
      : Array.isArray(raw.Attribute)
        ? raw.Attribute.map(parseAttribute)
        : [parseAttribute(raw.Attribute)];
  if (typeof raw.Content === "string") {
    const text = raw.Content.trim().startsWith("<")
      ? raw.Content
      : Buffer.from(raw.Content, "base64").toString("utf8");
    // Wrap so selectors see the same shape as an XML request's <Content> element.
    const content = parseXml(`<Content>${text}</Content>`, limits);
    return { category, attributes, content };
  }
  return { category, attributes };
}

/** Reads a JSON-profile request, given as text or as an already parsed object. */
export function parseJsonRequest(
  input: string | object,
  limits: XmlLimits = DEFAULT_XML_LIMITS,
): DecisionRequest {
  let doc: unknown = input;
  if (typeof input === "string") {
    if (input.length > limits.maxLength)
      throw new PolicyError(
        "REQUEST_INVALID",
        `JSON request is ${input.length} characters, over the limit of ${limits.maxLength}`,
      );
    try {
      doc = JSON.parse(input);
    } catch (error) {
      throw new PolicyError(
        "REQUEST_INVALID",
        `JSON request is not valid JSON: ${(error as Error).message}`,
        undefined,
        { cause: error },
      );
    }
  }
  checkDepth(doc);
  if (!isObject(doc) || !isObject(doc.Request)) throw invalid('expected an object with a "Request" member');
  const request = doc.Request;
  if (request.MultiRequests !== undefined)
    throw invalid("MultiRequests (Multiple Decision Profile) is not supported");
  const categories: RequestCategory[] = [];
  const add = (raw: unknown, implied: string | undefined) => {
    for (const item of Array.isArray(raw) ? raw : [raw])
      categories.push(parseCategory(item, implied, limits));
  };
  if (request.Category !== undefined) add(request.Category, undefined);
  for (const [member, category] of Object.entries(SHORTHAND_CATEGORIES))
    if (request[member] !== undefined) add(request[member], category);
  return { categories, returnPolicyIdList: request.ReturnPolicyIdList === true };
}

function directives(list: readonly ResultDirective[]) {
  return list.map((d) => ({
    Id: d.id,
    ...(d.attributes.length > 0
      ? {
          AttributeAssignment: d.attributes.map((x) => ({
            AttributeId: x.attributeId,
            Value: x.jsonValue,
            DataType: x.dataType,
            ...(x.category !== undefined ? { Category: x.category } : {}),
            ...(x.issuer !== undefined ? { Issuer: x.issuer } : {}),
          })),
        }
      : {}),
  }));
}

export interface JsonResponse {
  Response: Array<Record<string, unknown>>;
}

/** Writes the JSON-profile response for one result. */
export function writeJsonResponse(
  result: DecisionResult,
  included: readonly RequestCategory[] = [],
): JsonResponse {
  const s = result.status;
  const out: Record<string, unknown> = {
    Decision: result.decision,
    Status: {
      StatusCode: { Value: s.code },
      ...(s.message ? { StatusMessage: s.message } : {}),
      ...(s.missingAttributes && s.missingAttributes.length > 0
        ? {
            StatusDetail: {
              MissingAttributeDetail: s.missingAttributes.map((m) => ({
                Category: m.category,
                AttributeId: m.attributeId,
                DataType: m.dataType,
                ...(m.issuer !== undefined ? { Issuer: m.issuer } : {}),
              })),
            },
          }
        : {}),
    },
  };
  if (result.obligations.length > 0) out.Obligations = directives(result.obligations);
  if (result.advice.length > 0) out.AssociatedAdvice = directives(result.advice);
  const categories = included
    .map((c) => ({ c, attrs: c.attributes.filter((a) => a.includeInResult) }))
    .filter((x) => x.attrs.length > 0)
    .map(({ c, attrs }) => ({
      CategoryId: c.category,
      Attribute: attrs.map((a) => ({
        AttributeId: a.attributeId,
        Value: a.values.map((v) =>
          typeof v.value === "number" || typeof v.value === "boolean"
            ? v.value
            : (v.dataType.format as (x: unknown) => string)(v.value),
        ),
        DataType: a.values[0]?.dataType.id,
        ...(a.issuer !== undefined ? { Issuer: a.issuer } : {}),
      })),
    }));
  if (categories.length > 0) out.Category = categories;
  if (result.policyIdentifiers) {
    const refs = (kind: "Policy" | "PolicySet") =>
      result.policyIdentifiers
        ?.filter((p) => p.kind === kind)
        .map((p) => ({ Id: p.id, Version: p.version })) ?? [];
    out.PolicyIdentifierList = { PolicyIdReference: refs("Policy"), PolicySetIdReference: refs("PolicySet") };
  }
  return { Response: [out] };
}
