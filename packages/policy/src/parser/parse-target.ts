import type {
  AttributeDesignatorNode,
  AttributeSelectorNode,
  AttributeValueNode,
  MatchNode,
  TargetNode,
} from "../policy-model";
import type { XmlElement } from "../xml";
import { parseAttributeValue, parseDesignator, parseSelector } from "./parse-expression";
import { invalid, required, site, xacmlChildren } from "./xacml-element";

export function parseTarget(e: XmlElement): TargetNode {
  return {
    anyOf: xacmlChildren(e).map((anyOf) => {
      if (anyOf.name !== "AnyOf") throw invalid(anyOf, `unexpected <${anyOf.name}> in <Target>`);
      const allOfs = xacmlChildren(anyOf).map((allOf) => {
        if (allOf.name !== "AllOf") throw invalid(allOf, `unexpected <${allOf.name}> in <AnyOf>`);
        const matches = xacmlChildren(allOf).map(parseMatch);
        if (matches.length === 0) throw invalid(allOf, "<AllOf> must contain at least one <Match>");
        return matches;
      });
      if (allOfs.length === 0) throw invalid(anyOf, "<AnyOf> must contain at least one <AllOf>");
      return allOfs;
    }),
  };
}

function parseMatch(e: XmlElement): MatchNode {
  if (e.name !== "Match") throw invalid(e, `unexpected <${e.name}> in <AllOf>`);
  let value: AttributeValueNode | undefined;
  let source: AttributeDesignatorNode | AttributeSelectorNode | undefined;
  for (const c of xacmlChildren(e)) {
    if (c.name === "AttributeValue") value = parseAttributeValue(c);
    else if (c.name === "AttributeDesignator") source = parseDesignator(c);
    else if (c.name === "AttributeSelector") source = parseSelector(c);
    else throw invalid(c, `unexpected <${c.name}> in <Match>`);
  }
  if (!value || !source)
    throw invalid(e, "<Match> needs an <AttributeValue> and an <AttributeDesignator> or <AttributeSelector>");
  return { functionId: required(e, "MatchId"), value, source, site: site(e) };
}
