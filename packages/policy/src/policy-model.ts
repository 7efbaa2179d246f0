import type { SourceSite } from "./expression";

/** The parsed, not yet compiled, form of XACML 3.0 policies (section 5). */
export type PolicyNode = PolicyElementNode | PolicySetNode;

export interface PolicyElementNode {
  readonly kind: "Policy";
  readonly id: string;
  readonly version: string;
  readonly combiningAlgorithm: string;
  readonly target: TargetNode;
  readonly variables: readonly VariableDefinitionNode[];
  readonly rules: readonly RuleNode[];
  readonly obligations: readonly DirectiveExpressionNode[];
  readonly advice: readonly DirectiveExpressionNode[];
  readonly site: SourceSite;
}

export interface PolicySetNode {
  readonly kind: "PolicySet";
  readonly id: string;
  readonly version: string;
  readonly combiningAlgorithm: string;
  readonly target: TargetNode;
  readonly children: readonly (PolicyNode | ReferenceNode)[];
  readonly obligations: readonly DirectiveExpressionNode[];
  readonly advice: readonly DirectiveExpressionNode[];
  readonly site: SourceSite;
}

export interface ReferenceNode {
  readonly kind: "PolicyIdReference" | "PolicySetIdReference";
  readonly id: string;
  readonly version?: string;
  readonly earliestVersion?: string;
  readonly latestVersion?: string;
  readonly site: SourceSite;
}

export interface RuleNode {
  readonly id: string;
  readonly effect: "Permit" | "Deny";
  readonly target: TargetNode;
  readonly condition?: ExpressionNode;
  readonly obligations: readonly DirectiveExpressionNode[];
  readonly advice: readonly DirectiveExpressionNode[];
  readonly site: SourceSite;
}

/** Conjunction of AnyOf, each a disjunction of AllOf, each a conjunction of Match. */
export interface TargetNode {
  readonly anyOf: readonly (readonly (readonly MatchNode[])[])[];
}

export interface MatchNode {
  readonly functionId: string;
  readonly value: AttributeValueNode;
  readonly source: AttributeDesignatorNode | AttributeSelectorNode;
  readonly site: SourceSite;
}

export interface VariableDefinitionNode {
  readonly id: string;
  readonly expression: ExpressionNode;
  readonly site: SourceSite;
}

/** ObligationExpression (FulfillOn) or AdviceExpression (AppliesTo). */
export interface DirectiveExpressionNode {
  readonly id: string;
  readonly effect: "Permit" | "Deny";
  readonly assignments: readonly {
    readonly attributeId: string;
    readonly category?: string;
    readonly issuer?: string;
    readonly expression: ExpressionNode;
    readonly site: SourceSite;
  }[];
  readonly site: SourceSite;
}

export type ExpressionNode =
  | ApplyNode
  | AttributeValueNode
  | AttributeDesignatorNode
  | AttributeSelectorNode
  | VariableReferenceNode
  | FunctionNode;

export interface ApplyNode {
  readonly kind: "Apply";
  readonly functionId: string;
  readonly args: readonly ExpressionNode[];
  readonly site: SourceSite;
}

export interface AttributeValueNode {
  readonly kind: "AttributeValue";
  readonly dataType: string;
  readonly text: string;
  /** For xpathExpression values: the category whose content the path reads. */
  readonly xpathCategory?: string;
  readonly namespaces: Readonly<Record<string, string>>;
  readonly site: SourceSite;
}

export interface AttributeDesignatorNode {
  readonly kind: "AttributeDesignator";
  readonly category: string;
  readonly attributeId: string;
  readonly dataType: string;
  readonly issuer?: string;
  readonly mustBePresent: boolean;
  readonly site: SourceSite;
}

export interface AttributeSelectorNode {
  readonly kind: "AttributeSelector";
  readonly category: string;
  readonly path: string;
  readonly dataType: string;
  readonly contextSelectorId?: string;
  readonly mustBePresent: boolean;
  /** Namespace prefixes in scope where the selector was written, for the path's prefixes. */
  readonly namespaces: Readonly<Record<string, string>>;
  readonly site: SourceSite;
}

export interface VariableReferenceNode {
  readonly kind: "VariableReference";
  readonly variableId: string;
  readonly site: SourceSite;
}

export interface FunctionNode {
  readonly kind: "Function";
  readonly functionId: string;
  readonly site: SourceSite;
}
