import type { Combinable } from "../combining";
import { booleanType } from "../datatypes";
import {
  DENY,
  type Decision,
  INDETERMINATE_D,
  INDETERMINATE_P,
  NOT_APPLICABLE_OUTCOME,
  type Outcome,
  PERMIT,
} from "../decision";
import type { Evaluator } from "../expression";
import { STATUS_PROCESSING_ERROR } from "../identifiers";
import type { RuleNode } from "../policy-model";
import { compileDirectiveSet, withDirectives } from "./compile-directives";
import { compileExpression, describeType, type Scope } from "./compile-expression";
import { compileTarget } from "./compile-target";
import { MATCH_INDETERMINATE, NO_MATCH } from "./compiled-policy";
import { loadError, statusOf } from "./load-error";

export function compileRule(node: RuleNode, policyId: string, scope: Scope): Combinable {
  const target = compileTarget(node.target);
  let condition: Evaluator | undefined;
  if (node.condition) {
    const c = compileExpression(node.condition, scope);
    if (!c.type || c.type.bag || c.type.dataType !== booleanType) {
      throw loadError(
        "TYPE_MISMATCH",
        `a <Condition> must be a boolean expression, got ${describeType(c)}`,
        c.site,
      );
    }
    condition = c.evaluate;
  }
  const decision: Decision = node.effect === "Permit" ? PERMIT : DENY;
  const indeterminate: Decision = node.effect === "Permit" ? INDETERMINATE_P : INDETERMINATE_D;
  const directives = compileDirectiveSet(node.obligations, node.advice, scope);
  const hasDirectives = node.obligations.length > 0 || node.advice.length > 0;
  // The common case, a rule without obligations, returns one preallocated outcome.
  const plain: Outcome = Object.freeze({ decision, ruleId: node.id, policyId });
  const ruleId = node.id;
  return {
    evaluate(ctx) {
      if (target) {
        const t = target(ctx);
        if (t === NO_MATCH) return NOT_APPLICABLE_OUTCOME;
        if (t === MATCH_INDETERMINATE)
          return {
            decision: indeterminate,
            status: ctx.targetError ?? { code: STATUS_PROCESSING_ERROR },
            ruleId,
            policyId,
          };
      }
      if (condition) {
        try {
          if (condition(ctx) !== true) return NOT_APPLICABLE_OUTCOME;
        } catch (error) {
          return { decision: indeterminate, status: statusOf(error), ruleId, policyId };
        }
      }
      return hasDirectives ? withDirectives(plain, directives, ctx) : plain;
    },
  };
}
