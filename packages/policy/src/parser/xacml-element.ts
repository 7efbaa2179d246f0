import { PolicyError } from "../errors";
import type { SourceSite } from "../expression";
import { XACML3_NS } from "../identifiers";
import { attr, type XmlElement } from "../xml";

/** Where an element was written, for load errors. */
export const site = (e: XmlElement): SourceSite => ({ element: e.name, line: e.line });

export function invalid(e: XmlElement, message: string): PolicyError {
  return new PolicyError("POLICY_INVALID", message, site(e));
}

export function required(e: XmlElement, name: string): string {
  const v = attr(e, name);
  if (v === undefined) throw invalid(e, `<${e.name}> is missing the ${name} attribute`);
  return v;
}

/** Children in the XACML namespace, minus the ones that carry no meaning for evaluation. */
export function xacmlChildren(e: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of e.children) {
    if (c.ns !== XACML3_NS)
      throw invalid(c, `unexpected element <${c.qname}> in <${e.name}> (not in the XACML 3.0 namespace)`);
    out.push(c);
  }
  return out;
}
