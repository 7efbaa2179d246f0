import { booleanType } from "../datatypes";
import type { EvaluationContext, Status } from "../expression";
import { findFunction } from "../functions";
import type { MatchNode, TargetNode } from "../policy-model";
import { compileDesignator, compileSelector } from "./compile-attribute";
import { type Call, compileExpression } from "./compile-expression";
import {
  MATCH,
  MATCH_INDETERMINATE,
  type MatchResult,
  NO_MATCH,
  type TargetEvaluator,
} from "./compiled-policy";
import { loadError, statusOf } from "./load-error";

function compileMatch(node: MatchNode): TargetEvaluator {
  const fn = findFunction(node.functionId);
  if (!fn) throw loadError("UNKNOWN_FUNCTION", `unknown match function ${node.functionId}`, node.site);
  const literal = compileExpression(node.value);
  const source =
    node.source.kind === "AttributeDesignator"
      ? compileDesignator(node.source)
      : compileSelector(node.source);
  const [p0, p1] = fn.params;
  if (
    fn.customSignature ||
    fn.variadic ||
    fn.params.length !== 2 ||
    !p0 ||
    !p1 ||
    p0.bag ||
    p1.bag ||
    fn.returns.bag ||
    fn.returns.dataType !== booleanType
  ) {
    throw loadError(
      "TYPE_MISMATCH",
      `${fn.id} cannot be used in <Match>: it must compare two single values and return a boolean`,
      node.site,
    );
  }
  if (literal.type?.dataType !== p0.dataType || source.type?.dataType !== p1.dataType) {
    throw loadError(
      "TYPE_MISMATCH",
      `${fn.id} compares ${p0.dataType.id} with ${p1.dataType.id}, but the <Match> supplies ${literal.type?.dataType.id} and ${source.type?.dataType.id}`,
      node.site,
    );
  }
  const call = fn.call as Call;
  const v = literal.constant?.value;
  const bagOfSource = source.evaluate;
  return (ctx) => {
    let bag: readonly unknown[];
    try {
      bag = bagOfSource(ctx) as readonly unknown[];
    } catch (error) {
      ctx.targetError = statusOf(error);
      return MATCH_INDETERMINATE;
    }
    let error: Status | undefined;
    for (let i = 0; i < bag.length; i++) {
      try {
        if (call(v, bag[i]) === true) return MATCH;
      } catch (e) {
        error ??= statusOf(e);
      }
    }
    if (error) {
      ctx.targetError = error;
      return MATCH_INDETERMINATE;
    }
    return NO_MATCH;
  };
}

/** AllOf is a conjunction, AnyOf a disjunction, Target a conjunction of AnyOf (section 7.7). */
export function compileTarget(target: TargetNode): TargetEvaluator | undefined {
  if (target.anyOf.length === 0) return undefined;
  const anyOfs = target.anyOf.map((allOfs) =>
    allOfs.map((matches) => {
      const ms = matches.map(compileMatch);
      if (ms.length === 1) return ms[0] as TargetEvaluator;
      return (ctx: EvaluationContext): MatchResult => {
        let indeterminate = false;
        for (const m of ms) {
          const r = m(ctx);
          if (r === NO_MATCH) return NO_MATCH;
          if (r === MATCH_INDETERMINATE) indeterminate = true;
        }
        return indeterminate ? MATCH_INDETERMINATE : MATCH;
      };
    }),
  );
  const anyOfEvaluators = anyOfs.map((allOfs): TargetEvaluator => {
    if (allOfs.length === 1) return allOfs[0] as TargetEvaluator;
    return (ctx) => {
      let indeterminate = false;
      for (const a of allOfs) {
        const r = a(ctx);
        if (r === MATCH) return MATCH;
        if (r === MATCH_INDETERMINATE) indeterminate = true;
      }
      return indeterminate ? MATCH_INDETERMINATE : NO_MATCH;
    };
  });
  if (anyOfEvaluators.length === 1) return anyOfEvaluators[0];
  return (ctx) => {
    let indeterminate = false;
    for (const a of anyOfEvaluators) {
      const r = a(ctx);
      if (r === NO_MATCH) return NO_MATCH;
      if (r === MATCH_INDETERMINATE) indeterminate = true;
    }
    return indeterminate ? MATCH_INDETERMINATE : MATCH;
  };
}
