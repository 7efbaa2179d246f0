import { InvalidValue, requireDataType } from "./datatypes";
import { PolicyError } from "./errors";
import { XACML3_NS } from "./identifiers";
import type { DecisionRequest, RequestAttribute, RequestCategory } from "./request";
import { attr, DEFAULT_XML_LIMITS, parseXml, textContent, type XmlElement, type XmlLimits } from "./xml";

function invalid(e: XmlElement, message: string): PolicyError {
  return new PolicyError("REQUEST_INVALID", message, { element: e.name, line: e.line });
}

/** Reads an XACML 3.0 `<Request>` (section 5.42). */
export function parseXmlRequest(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): DecisionRequest {
  const root = parseXml(text, limits);
  if (root.name !== "Request" || root.ns !== XACML3_NS)
    throw invalid(
      root,
      `expected an XACML 3.0 <Request>, found <${root.qname}> in namespace ${root.ns || "(none)"}`,
    );
  const categories: RequestCategory[] = [];
  for (const c of root.children) {
    if (c.name === "RequestDefaults") continue;
    if (c.name === "MultiRequests")
      throw invalid(c, "<MultiRequests> (Multiple Decision Profile) is not supported");
    if (c.name !== "Attributes") throw invalid(c, `unexpected <${c.name}> in <Request>`);
    categories.push(parseAttributes(c, limits));
  }
  return { categories, returnPolicyIdList: attr(root, "ReturnPolicyIdList") === "true" };
}

function parseAttributes(e: XmlElement, _limits: XmlLimits): RequestCategory {
  const category = attr(e, "Category");
  if (!category) throw invalid(e, "<Attributes> is missing the Category attribute");
  const attributes: RequestAttribute[] = [];
  let content: XmlElement | undefined;
  for (const c of e.children) {
    if (c.name === "Content") {
      content = c;
      continue;
    }
    if (c.name !== "Attribute") throw invalid(c, `unexpected <${c.name}> in <Attributes>`);
    const attributeId = attr(c, "AttributeId");
    if (!attributeId) throw invalid(c, "<Attribute> is missing the AttributeId attribute");
    const issuer = attr(c, "Issuer");
    const values = c.children.map((v) => {
      if (v.name !== "AttributeValue") throw invalid(v, `unexpected <${v.name}> in <Attribute>`);
      const dataTypeId = attr(v, "DataType");
      if (!dataTypeId) throw invalid(v, "<AttributeValue> is missing the DataType attribute");
      const dataType = requireDataType(dataTypeId, { element: v.name, line: v.line });
      try {
        return { dataType, value: dataType.parse(textContent(v)) };
      } catch (error) {
        if (error instanceof InvalidValue) throw invalid(v, `${attributeId}: ${error.message}`);
        throw error;
      }
    });
    attributes.push({
      attributeId,
      ...(issuer !== undefined ? { issuer } : {}),
      includeInResult: attr(c, "IncludeInResult") === "true",
      values,
    });
  }
  return content ? { category, attributes, content } : { category, attributes };
}
