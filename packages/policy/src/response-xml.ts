import { XACML3_NS } from "./identifiers";
import type { RequestCategory } from "./request";
import type { DecisionResult, ResultDirective } from "./result";
import { escapeXmlAttribute as a, escapeXmlText as t } from "./xml";

/** Writes an XACML 3.0 `<Response>` (section 5.47) for one result. */
export function writeXmlResponse(result: DecisionResult, included: readonly RequestCategory[] = []): string {
  let out = `<Response xmlns="${XACML3_NS}"><Result><Decision>${result.decision}</Decision>`;
  const s = result.status;
  out += `<Status><StatusCode Value="${a(s.code)}"/>`;
  if (s.message) out += `<StatusMessage>${t(s.message)}</StatusMessage>`;
  if (s.missingAttributes && s.missingAttributes.length > 0) {
    out += "<StatusDetail>";
    for (const m of s.missingAttributes) {
      out += `<MissingAttributeDetail Category="${a(m.category)}" AttributeId="${a(m.attributeId)}" DataType="${a(m.dataType)}"${m.issuer !== undefined ? ` Issuer="${a(m.issuer)}"` : ""}/>`;
    }
    out += "</StatusDetail>";
  }
  out += "</Status>";
  if (result.obligations.length > 0)
    out += `<Obligations>${result.obligations.map((o) => directive("Obligation", "ObligationId", o)).join("")}</Obligations>`;
  if (result.advice.length > 0)
    out += `<AssociatedAdvice>${result.advice.map((o) => directive("Advice", "AdviceId", o)).join("")}</AssociatedAdvice>`;
  for (const c of included) {
    const attrs = c.attributes.filter((x) => x.includeInResult);
    if (attrs.length === 0) continue;
    out += `<Attributes Category="${a(c.category)}">`;
    for (const x of attrs) {
      out += `<Attribute AttributeId="${a(x.attributeId)}" IncludeInResult="true"${x.issuer !== undefined ? ` Issuer="${a(x.issuer)}"` : ""}>`;
      for (const v of x.values)
        out += `<AttributeValue DataType="${a(v.dataType.id)}">${t((v.dataType.format as (v: unknown) => string)(v.value))}</AttributeValue>`;
      out += "</Attribute>";
    }
    out += "</Attributes>";
  }
  if (result.policyIdentifiers) {
    out += "<PolicyIdentifierList>";
    for (const p of result.policyIdentifiers) {
      const element = p.kind === "Policy" ? "PolicyIdReference" : "PolicySetIdReference";
      out += `<${element} Version="${a(p.version)}">${t(p.id)}</${element}>`;
    }
    out += "</PolicyIdentifierList>";
  }
  return `${out}</Result></Response>`;
}

function directive(element: string, idAttribute: string, d: ResultDirective): string {
  let out = `<${element} ${idAttribute}="${a(d.id)}">`;
  for (const x of d.attributes) {
    out += `<AttributeAssignment AttributeId="${a(x.attributeId)}" DataType="${a(x.dataType)}"`;
    if (x.category !== undefined) out += ` Category="${a(x.category)}"`;
    if (x.issuer !== undefined) out += ` Issuer="${a(x.issuer)}"`;
    out += `>${t(x.value)}</AttributeAssignment>`;
  }
  return `${out}</${element}>`;
}
