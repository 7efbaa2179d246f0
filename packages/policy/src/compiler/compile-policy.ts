import { combiningFor } from "../combining";
import {
  DENY,
  INDETERMINATE_D,
  INDETERMINATE_P,
  NOT_APPLICABLE,
  NOT_APPLICABLE_OUTCOME,
  type Outcome,
  PERMIT,
} from "../decision";
import type { EvaluationContext, Status } from "../expression";
import { STATUS_PROCESSING_ERROR } from "../identifiers";
import type {
  PolicyElementNode,
  PolicyNode,
  PolicySetNode,
  ReferenceNode,
  VariableDefinitionNode,
} from "../policy-model";
import { compileDirectiveSet, type DirectiveSet, withDirectives } from "./compile-directives";
import { compileVariable, EMPTY_SCOPE, type Scope } from "./compile-expression";
import { compileRule } from "./compile-rule";
import { compileTarget } from "./compile-target";
import {
  type CompiledPolicy,
  MATCH,
  MATCH_INDETERMINATE,
  type MatchResult,
  NO_MATCH,
  type ReferenceResolver,
  type TargetEvaluator,
  type TargetIndexKey,
} from "./compiled-policy";
import { loadError } from "./load-error";
import { childSelector, indexKeyOf } from "./target-index";

/** Table 7 of section 7.14: an Indeterminate target keeps only what the children could have decided. */
function indeterminateTarget(combined: Outcome, status: Status): Outcome {
  switch (combined.decision) {
    case NOT_APPLICABLE:
      return NOT_APPLICABLE_OUTCOME;
    case PERMIT:
      return { decision: INDETERMINATE_P, status };
    case DENY:
      return { decision: INDETERMINATE_D, status };
    default:
      return { decision: combined.decision, status: combined.status ?? status };
  }
}

function policyLevel(
  kind: "Policy" | "PolicySet",
  id: string,
  version: string,
  target: TargetEvaluator | undefined,
  combine: (ctx: EvaluationContext) => Outcome,
  directives: DirectiveSet,
  targetIndex: TargetIndexKey | undefined,
): CompiledPolicy {
  const identifier = { kind, id, version };
  const applicable = (ctx: EvaluationContext) => {
    if (!target) return { match: MATCH as MatchResult };
    const m = target(ctx);
    return m === MATCH_INDETERMINATE
      ? { match: m, status: ctx.targetError ?? { code: STATUS_PROCESSING_ERROR } }
      : { match: m };
  };
  return {
    kind,
    id,
    version,
    targetIndex,
    applicable,
    evaluate(ctx) {
      let targetStatus: Status | undefined;
      if (target) {
        const m = target(ctx);
        if (m === NO_MATCH) return NOT_APPLICABLE_OUTCOME;
        if (m === MATCH_INDETERMINATE) targetStatus = ctx.targetError ?? { code: STATUS_PROCESSING_ERROR };
      }
      let outcome = combine(ctx);
      if (targetStatus) outcome = indeterminateTarget(outcome, targetStatus);
      else outcome = withDirectives(outcome, directives, ctx);
      if (ctx.policyIds && outcome.decision !== NOT_APPLICABLE) ctx.policyIds.push(identifier);
      return outcome;
    },
  };
}

function isReference(node: PolicyNode | ReferenceNode): node is ReferenceNode {
  return node.kind === "PolicyIdReference" || node.kind === "PolicySetIdReference";
}

export function compilePolicy(node: PolicyNode, resolve: ReferenceResolver): CompiledPolicy {
  return node.kind === "Policy" ? compilePolicyElement(node) : compilePolicySet(node, resolve);
}

function compilePolicyElement(node: PolicyElementNode): CompiledPolicy {
  const combiner = combiningFor("rule", node.combiningAlgorithm, node.site);
  const variables = new Map<string, VariableDefinitionNode>();
  for (const v of node.variables) {
    if (variables.has(v.id)) throw loadError("POLICY_INVALID", `VariableId ${v.id} is defined twice`, v.site);
    variables.set(v.id, v);
  }
  const scope: Scope = { variables, compiledVariables: new Map(), compiling: new Set() };
  // Compile every definition, used or not, so a broken one is reported at load time.
  for (const v of node.variables) compileVariable(v.id, scope, v.site);
  const rules = node.rules.map((r) => compileRule(r, node.id, scope));
  const target = compileTarget(node.target);
  return policyLevel(
    "Policy",
    node.id,
    node.version,
    target,
    (ctx) => combiner(rules, ctx),
    compileDirectiveSet(node.obligations, node.advice, scope),
    indexKeyOf(node.target),
  );
}

function compilePolicySet(node: PolicySetNode, resolve: ReferenceResolver): CompiledPolicy {
  const combiner = combiningFor("policy", node.combiningAlgorithm, node.site);
  const children = node.children.map((child) => {
    if (isReference(child)) {
      const resolved = resolve(child);
      if (!resolved)
        throw loadError(
          "POLICY_REFERENCE_UNRESOLVED",
          `no ${child.kind === "PolicyIdReference" ? "Policy" : "PolicySet"} ${child.id} matches this reference`,
          child.site,
        );
      return resolved;
    }
    return compilePolicy(child, resolve);
  });
  const target = compileTarget(node.target);
  const select = childSelector(children);
  return policyLevel(
    "PolicySet",
    node.id,
    node.version,
    target,
    select ? (ctx) => combiner(select(ctx), ctx) : (ctx) => combiner(children, ctx),
    compileDirectiveSet(node.obligations, node.advice, EMPTY_SCOPE),
    indexKeyOf(node.target),
  );
}
