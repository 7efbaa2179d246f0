import type {
  AttributeDesignatorNode,
  AttributeSelectorNode,
  AttributeValueNode,
  ExpressionNode,
} from "../policy-model";
import { attr, textContent, type XmlElement } from "../xml";
import { invalid, required, site, xacmlChildren } from "./xacml-element";

export function parseSingleExpression(e: XmlElement): ExpressionNode {
  const children = xacmlChildren(e).filter((c) => c.name !== "Description");
  const [only] = children;
  if (children.length !== 1 || !only) throw invalid(e, `<${e.name}> must contain exactly one expression`);
  return parseExpression(only);
}

export function parseExpression(e: XmlElement): ExpressionNode {
  switch (e.name) {
    case "Apply":
      return {
        kind: "Apply",
        functionId: required(e, "FunctionId"),
        args: xacmlChildren(e)
          .filter((c) => c.name !== "Description")
          .map(parseExpression),
        site: site(e),
      };
    case "AttributeValue":
      return parseAttributeValue(e);
    case "AttributeDesignator":
      return parseDesignator(e);
    case "AttributeSelector":
      return parseSelector(e);
    case "VariableReference":
      return { kind: "VariableReference", variableId: required(e, "VariableId"), site: site(e) };
    case "Function":
      return { kind: "Function", functionId: required(e, "FunctionId"), site: site(e) };
    default:
      throw invalid(e, `<${e.name}> is not an expression`);
  }
}

export function parseAttributeValue(e: XmlElement): AttributeValueNode {
  const xpathCategory = attr(e, "XPathCategory");
  return {
    kind: "AttributeValue",
    dataType: required(e, "DataType"),
    text: textContent(e),
    ...(xpathCategory !== undefined ? { xpathCategory } : {}),
    namespaces: e.namespaces,
    site: site(e),
  };
}

function parseBoolean(e: XmlElement, name: string): boolean {
  const v = required(e, name);
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw invalid(e, `${name} must be true or false`);
}

export function parseDesignator(e: XmlElement): AttributeDesignatorNode {
  const issuer = attr(e, "Issuer");
  return {
    kind: "AttributeDesignator",
    category: required(e, "Category"),
    attributeId: required(e, "AttributeId"),
    dataType: required(e, "DataType"),
    ...(issuer !== undefined ? { issuer } : {}),
    mustBePresent: parseBoolean(e, "MustBePresent"),
    site: site(e),
  };
}

export function parseSelector(e: XmlElement): AttributeSelectorNode {
  const context = attr(e, "ContextSelectorId");
  return {
    kind: "AttributeSelector",
    category: required(e, "Category"),
    path: required(e, "Path"),
    dataType: required(e, "DataType"),
    ...(context !== undefined ? { contextSelectorId: context } : {}),
    mustBePresent: parseBoolean(e, "MustBePresent"),
    namespaces: e.namespaces,
    site: site(e),
  };
}
