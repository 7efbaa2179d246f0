import { PolicyError } from "./errors";
import { XACML3_NS } from "./identifiers";
import { parseSingleExpression } from "./parser/parse-expression";
import { parseTarget } from "./parser/parse-target";
import { invalid, required, site, xacmlChildren } from "./parser/xacml-element";
import type {
  DirectiveExpressionNode,
  ExpressionNode,
  PolicyElementNode,
  PolicyNode,
  PolicySetNode,
  ReferenceNode,
  RuleNode,
  TargetNode,
  VariableDefinitionNode,
} from "./policy-model";
import { attr, DEFAULT_XML_LIMITS, parseXml, textContent, type XmlElement, type XmlLimits } from "./xml";

const XACML2_POLICY_NS = "urn:oasis:names:tc:xacml:2.0:policy:schema:os";

// Elements that are valid XACML but do not influence decisions here.
const IGNORED = new Set([
  "Description",
  "PolicyIssuer",
  "PolicyDefaults",
  "PolicySetDefaults",
  "CombinerParameters",
  "RuleCombinerParameters",
  "PolicyCombinerParameters",
  "PolicySetCombinerParameters",
]);

/** Parses one XACML 3.0 `<Policy>` or `<PolicySet>` document. */
export function parsePolicy(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): PolicyNode {
  const root = parseXml(text, limits);
  if (
    root.ns === XACML2_POLICY_NS ||
    (root.ns !== XACML3_NS && root.ns.startsWith("urn:oasis:names:tc:xacml:"))
  ) {
    throw new PolicyError(
      "POLICY_UNSUPPORTED_VERSION",
      `only XACML 3.0 policies are accepted; this document is in namespace ${root.ns}`,
      site(root),
    );
  }
  if (root.ns !== XACML3_NS)
    throw invalid(root, `expected a <Policy> or <PolicySet> in namespace ${XACML3_NS}`);
  return parsePolicyElement(root);
}

export function parsePolicyElement(e: XmlElement): PolicyNode {
  if (e.name === "Policy") return parsePolicyNode(e);
  if (e.name === "PolicySet") return parsePolicySetNode(e);
  throw invalid(e, `expected <Policy> or <PolicySet>, found <${e.name}>`);
}

function parsePolicyNode(e: XmlElement): PolicyElementNode {
  let target: TargetNode | undefined;
  const variables: VariableDefinitionNode[] = [];
  const rules: RuleNode[] = [];
  let obligations: DirectiveExpressionNode[] = [];
  let advice: DirectiveExpressionNode[] = [];
  for (const c of xacmlChildren(e)) {
    if (IGNORED.has(c.name)) continue;
    if (c.name === "Target") target = parseTarget(c);
    else if (c.name === "VariableDefinition")
      variables.push({ id: required(c, "VariableId"), expression: parseSingleExpression(c), site: site(c) });
    else if (c.name === "Rule") rules.push(parseRule(c));
    else if (c.name === "ObligationExpressions")
      obligations = parseDirectives(c, "ObligationExpression", "ObligationId", "FulfillOn");
    else if (c.name === "AdviceExpressions")
      advice = parseDirectives(c, "AdviceExpression", "AdviceId", "AppliesTo");
    else throw invalid(c, `unexpected <${c.name}> in <Policy>`);
  }
  if (!target) throw invalid(e, "<Policy> must contain a <Target>");
  return {
    kind: "Policy",
    id: required(e, "PolicyId"),
    version: attr(e, "Version") ?? "1.0",
    combiningAlgorithm: required(e, "RuleCombiningAlgId"),
    target,
    variables,
    rules,
    obligations,
    advice,
    site: site(e),
  };
}

function parsePolicySetNode(e: XmlElement): PolicySetNode {
  let target: TargetNode | undefined;
  const children: (PolicyNode | ReferenceNode)[] = [];
  let obligations: DirectiveExpressionNode[] = [];
  let advice: DirectiveExpressionNode[] = [];
  for (const c of xacmlChildren(e)) {
    if (IGNORED.has(c.name)) continue;
    if (c.name === "Target") target = parseTarget(c);
    else if (c.name === "Policy" || c.name === "PolicySet") children.push(parsePolicyElement(c));
    else if (c.name === "PolicyIdReference" || c.name === "PolicySetIdReference")
      children.push(parseReference(c));
    else if (c.name === "ObligationExpressions")
      obligations = parseDirectives(c, "ObligationExpression", "ObligationId", "FulfillOn");
    else if (c.name === "AdviceExpressions")
      advice = parseDirectives(c, "AdviceExpression", "AdviceId", "AppliesTo");
    else throw invalid(c, `unexpected <${c.name}> in <PolicySet>`);
  }
  if (!target) throw invalid(e, "<PolicySet> must contain a <Target>");
  return {
    kind: "PolicySet",
    id: required(e, "PolicySetId"),
    version: attr(e, "Version") ?? "1.0",
    combiningAlgorithm: required(e, "PolicyCombiningAlgId"),
    target,
    children,
    obligations,
    advice,
    site: site(e),
  };
}

function parseReference(e: XmlElement): ReferenceNode {
  const id = textContent(e).trim();
  if (!id) throw invalid(e, `<${e.name}> is empty`);
  const node: { -readonly [K in keyof ReferenceNode]: ReferenceNode[K] } = {
    kind: e.name as ReferenceNode["kind"],
    id,
    site: site(e),
  };
  const version = attr(e, "Version");
  const earliest = attr(e, "EarliestVersion");
  const latest = attr(e, "LatestVersion");
  if (version !== undefined) node.version = version;
  if (earliest !== undefined) node.earliestVersion = earliest;
  if (latest !== undefined) node.latestVersion = latest;
  return node;
}

function parseRule(e: XmlElement): RuleNode {
  const effect = required(e, "Effect");
  if (effect !== "Permit" && effect !== "Deny")
    throw invalid(e, `Rule Effect must be Permit or Deny, not ${effect}`);
  let target: TargetNode = { anyOf: [] };
  let condition: ExpressionNode | undefined;
  let obligations: DirectiveExpressionNode[] = [];
  let advice: DirectiveExpressionNode[] = [];
  for (const c of xacmlChildren(e)) {
    if (c.name === "Description") continue;
    if (c.name === "Target") target = parseTarget(c);
    else if (c.name === "Condition") condition = parseSingleExpression(c);
    else if (c.name === "ObligationExpressions")
      obligations = parseDirectives(c, "ObligationExpression", "ObligationId", "FulfillOn");
    else if (c.name === "AdviceExpressions")
      advice = parseDirectives(c, "AdviceExpression", "AdviceId", "AppliesTo");
    else throw invalid(c, `unexpected <${c.name}> in <Rule>`);
  }
  const rule: RuleNode = { id: required(e, "RuleId"), effect, target, obligations, advice, site: site(e) };
  return condition ? { ...rule, condition } : rule;
}

function parseDirectives(
  e: XmlElement,
  childName: string,
  idName: string,
  effectName: string,
): DirectiveExpressionNode[] {
  return xacmlChildren(e).map((d) => {
    if (d.name !== childName) throw invalid(d, `unexpected <${d.name}> in <${e.name}>`);
    const effect = required(d, effectName);
    if (effect !== "Permit" && effect !== "Deny")
      throw invalid(d, `${effectName} must be Permit or Deny, not ${effect}`);
    const assignments = xacmlChildren(d).map((a) => {
      if (a.name !== "AttributeAssignmentExpression")
        throw invalid(a, `unexpected <${a.name}> in <${d.name}>`);
      const category = attr(a, "Category");
      const issuer = attr(a, "Issuer");
      return {
        attributeId: required(a, "AttributeId"),
        ...(category !== undefined ? { category } : {}),
        ...(issuer !== undefined ? { issuer } : {}),
        expression: parseSingleExpression(a),
        site: site(a),
      };
    });
    return { id: required(d, idName), effect, assignments, site: site(d) };
  });
}
