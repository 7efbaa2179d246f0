/** Small builders for XACML 3.0 policy XML, so tests read as policy structure rather than markup. */
export const NS = "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17";
export const XS = "http://www.w3.org/2001/XMLSchema#";
export const F1 = "urn:oasis:names:tc:xacml:1.0:function:";
export const F2 = "urn:oasis:names:tc:xacml:2.0:function:";
export const F3 = "urn:oasis:names:tc:xacml:3.0:function:";
export const SUBJECT = "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject";
export const RESOURCE = "urn:oasis:names:tc:xacml:3.0:attribute-category:resource";
export const ACTION = "urn:oasis:names:tc:xacml:3.0:attribute-category:action";
export const ENVIRONMENT = "urn:oasis:names:tc:xacml:3.0:attribute-category:environment";
export const ROLE = "urn:oasis:names:tc:xacml:2.0:subject:role";
export const SUBJECT_ID = "urn:oasis:names:tc:xacml:1.0:subject:subject-id";
export const RULE_ALG = "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:";
export const POLICY_ALG = "urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:";

export const value = (type: string, text: string) =>
  `<AttributeValue DataType="${type.includes(":") ? type : XS + type}">${text}</AttributeValue>`;
export const str = (text: string) => value("string", text);
export const int = (n: number) => value("integer", String(n));
export const bool = (b: boolean) => value("boolean", String(b));
export const apply = (fn: string, ...args: string[]) =>
  `<Apply FunctionId="${fn.includes(":") ? fn : F1 + fn}">${args.join("")}</Apply>`;
export const fnRef = (fn: string) => `<Function FunctionId="${fn.includes(":") ? fn : F1 + fn}"/>`;
export const designator = (
  category: string,
  id: string,
  type = "string",
  mustBePresent = false,
  issuer?: string,
) =>
  `<AttributeDesignator Category="${category}" AttributeId="${id}" DataType="${type.includes(":") ? type : XS + type}" MustBePresent="${mustBePresent}"${issuer ? ` Issuer="${issuer}"` : ""}/>`;

export const match = (fn: string, literal: string, source: string) =>
  `<Match MatchId="${fn.includes(":") ? fn : F1 + fn}">${literal}${source}</Match>`;
/** A target of one AnyOf per argument; each AnyOf is a list of AllOf, each a list of Match. */
export const target = (...anyOfs: string[][][]) =>
  `<Target>${anyOfs.map((allOfs) => `<AnyOf>${allOfs.map((ms) => `<AllOf>${ms.join("")}</AllOf>`).join("")}</AnyOf>`).join("")}</Target>`;
export const roleTarget = (role: string) =>
  target([[match("string-equal", str(role), designator(SUBJECT, ROLE))]]);

export interface RuleOptions {
  target?: string;
  condition?: string;
  obligations?: string;
  advice?: string;
}
export const rule = (id: string, effect: "Permit" | "Deny", o: RuleOptions = {}) =>
  `<Rule RuleId="${id}" Effect="${effect}">${o.target ?? ""}${o.condition ? `<Condition>${o.condition}</Condition>` : ""}${o.obligations ? `<ObligationExpressions>${o.obligations}</ObligationExpressions>` : ""}${o.advice ? `<AdviceExpressions>${o.advice}</AdviceExpressions>` : ""}</Rule>`;

export const obligation = (
  id: string,
  fulfillOn: "Permit" | "Deny",
  ...assignments: Array<[string, string]>
) =>
  `<ObligationExpression ObligationId="${id}" FulfillOn="${fulfillOn}">${assignments.map(([attr, expr]) => `<AttributeAssignmentExpression AttributeId="${attr}">${expr}</AttributeAssignmentExpression>`).join("")}</ObligationExpression>`;
export const advice = (id: string, appliesTo: "Permit" | "Deny", ...assignments: Array<[string, string]>) =>
  `<AdviceExpression AdviceId="${id}" AppliesTo="${appliesTo}">${assignments.map(([attr, expr]) => `<AttributeAssignmentExpression AttributeId="${attr}">${expr}</AttributeAssignmentExpression>`).join("")}</AdviceExpression>`;

export interface PolicyOptions {
  id?: string;
  version?: string;
  algorithm?: string;
  target?: string;
  variables?: string;
  obligations?: string;
  advice?: string;
}
export const policy = (rules: string[], o: PolicyOptions = {}) =>
  `<Policy xmlns="${NS}" PolicyId="${o.id ?? "policy"}" Version="${o.version ?? "1.0"}" RuleCombiningAlgId="${(o.algorithm ?? "deny-overrides").includes(":") ? o.algorithm : RULE_ALG + (o.algorithm ?? "deny-overrides")}">${o.target ?? "<Target/>"}${o.variables ?? ""}${rules.join("")}${o.obligations ? `<ObligationExpressions>${o.obligations}</ObligationExpressions>` : ""}${o.advice ? `<AdviceExpressions>${o.advice}</AdviceExpressions>` : ""}</Policy>`;

/** Strips the namespace declaration so a policy can be nested inside a policy set. */
export const nested = (xml: string) => xml.replace(` xmlns="${NS}"`, "");

export const policySet = (children: string[], o: PolicyOptions = {}) =>
  `<PolicySet xmlns="${NS}" PolicySetId="${o.id ?? "set"}" Version="${o.version ?? "1.0"}" PolicyCombiningAlgId="${(o.algorithm ?? "deny-overrides").includes(":") ? o.algorithm : POLICY_ALG + (o.algorithm ?? "deny-overrides")}">${o.target ?? "<Target/>"}${children.map(nested).join("")}${o.obligations ? `<ObligationExpressions>${o.obligations}</ObligationExpressions>` : ""}</PolicySet>`;

// Rules whose outcome is fixed, for combining-algorithm tables.
const missing = designator(SUBJECT, "urn:test:missing", "string", true);
const falseCondition = apply("not", bool(true));
const errorCondition = apply("string-equal", str("x"), apply("string-one-and-only", missing));
export const permitRule = (id = "permit") => rule(id, "Permit");
export const denyRule = (id = "deny") => rule(id, "Deny");
export const notApplicableRule = (id = "na") => rule(id, "Permit", { condition: falseCondition });
/** A Permit rule whose condition needs a missing attribute: Indeterminate{P}. */
export const indeterminatePermitRule = (id = "ind-p") => rule(id, "Permit", { condition: errorCondition });
/** A Deny rule whose condition needs a missing attribute: Indeterminate{D}. */
export const indeterminateDenyRule = (id = "ind-d") => rule(id, "Deny", { condition: errorCondition });

export const request = (categories: Record<string, Array<[string, string, string]>>, extra = "") =>
  `<Request xmlns="${NS}" ReturnPolicyIdList="false" CombinedDecision="false">${Object.entries(categories)
    .map(
      ([category, attrs]) =>
        `<Attributes Category="${category}">${attrs.map(([id, type, text]) => `<Attribute AttributeId="${id}" IncludeInResult="false">${value(type, text)}</Attribute>`).join("")}</Attributes>`,
    )
    .join("")}${extra}</Request>`;
