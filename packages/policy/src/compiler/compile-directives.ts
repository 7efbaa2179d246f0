import {
  type AttributeAssignment,
  DENY,
  type Directive,
  INDETERMINATE_D,
  INDETERMINATE_P,
  type Outcome,
  PERMIT,
} from "../decision";
import type { EvaluationContext } from "../expression";
import type { DirectiveExpressionNode } from "../policy-model";
import { compileExpression, type Scope } from "./compile-expression";
import { loadError, statusOf } from "./load-error";

type DirectiveEvaluator = (ctx: EvaluationContext) => Directive;

function compileDirectives(
  nodes: readonly DirectiveExpressionNode[],
  effect: "Permit" | "Deny",
  scope: Scope,
): DirectiveEvaluator[] {
  return nodes
    .filter((n) => n.effect === effect)
    .map((n) => {
      const assignments = n.assignments.map((a) => {
        const expr = compileExpression(a.expression, scope);
        if (!expr.type)
          throw loadError("TYPE_MISMATCH", "an attribute assignment cannot be a function", a.site);
        return {
          attributeId: a.attributeId,
          category: a.category,
          issuer: a.issuer,
          dataType: expr.type.dataType,
          bag: expr.type.bag,
          evaluate: expr.evaluate,
        };
      });
      return (ctx: EvaluationContext): Directive => {
        const out: AttributeAssignment[] = [];
        for (const a of assignments) {
          const v = a.evaluate(ctx);
          // A bag yields one assignment per value (section 5.41).
          if (a.bag)
            for (const item of v as readonly unknown[])
              out.push({
                attributeId: a.attributeId,
                category: a.category,
                issuer: a.issuer,
                dataType: a.dataType,
                value: item,
              });
          else
            out.push({
              attributeId: a.attributeId,
              category: a.category,
              issuer: a.issuer,
              dataType: a.dataType,
              value: v,
            });
        }
        return { id: n.id, assignments: out };
      };
    });
}

/** A rule's, policy's or policy set's obligations and advice, by the effect they go with. */
export interface DirectiveSet {
  permitObligations: DirectiveEvaluator[];
  permitAdvice: DirectiveEvaluator[];
  denyObligations: DirectiveEvaluator[];
  denyAdvice: DirectiveEvaluator[];
}

export function compileDirectiveSet(
  obligations: readonly DirectiveExpressionNode[],
  advice: readonly DirectiveExpressionNode[],
  scope: Scope,
): DirectiveSet {
  return {
    permitObligations: compileDirectives(obligations, "Permit", scope),
    permitAdvice: compileDirectives(advice, "Permit", scope),
    denyObligations: compileDirectives(obligations, "Deny", scope),
    denyAdvice: compileDirectives(advice, "Deny", scope),
  };
}

/**
 * Adds this level's obligations and advice to a Permit or Deny. An error while evaluating them
 * turns the decision into the matching Indeterminate (section 7.18).
 */
export function withDirectives(outcome: Outcome, set: DirectiveSet, ctx: EvaluationContext): Outcome {
  const d = outcome.decision;
  if (d !== PERMIT && d !== DENY) return outcome;
  const obligations = d === PERMIT ? set.permitObligations : set.denyObligations;
  const advice = d === PERMIT ? set.permitAdvice : set.denyAdvice;
  if (obligations.length === 0 && advice.length === 0) return outcome;
  try {
    return {
      ...outcome,
      obligations: [...(outcome.obligations ?? []), ...obligations.map((o) => o(ctx))],
      advice: [...(outcome.advice ?? []), ...advice.map((a) => a(ctx))],
    };
  } catch (error) {
    return { decision: d === PERMIT ? INDETERMINATE_P : INDETERMINATE_D, status: statusOf(error) };
  }
}
