import type { Combinable } from "../combining";
import type { EvaluationContext } from "../expression";
import type { ReferenceNode } from "../policy-model";

/**
 * Turns parsed policies into closures once, at load time: function lookups, data-type parsing of
 * literals, type checking, reference resolution and regex compilation all happen here, so a
 * decision only runs the closures.
 */
export interface CompiledPolicy extends Combinable {
  readonly kind: "Policy" | "PolicySet";
  readonly id: string;
  readonly version: string;
  /** Set when the target is "attribute X equals one of these strings", so parents can index it. */
  readonly targetIndex: TargetIndexKey | undefined;
}

/**
 * A target of the form AnyOf(AllOf(string-equal(literal, designator)) …) over one attribute that
 * cannot be Indeterminate (MustBePresent="false"). Such a policy is NotApplicable unless the
 * request carries one of `values`, and a NotApplicable child changes no combining algorithm's
 * result, so a policy set may skip it without evaluating it.
 */
export interface TargetIndexKey {
  readonly category: string;
  readonly attributeId: string;
  readonly issuer: string | undefined;
  readonly values: readonly string[];
}

/** Finds a referenced policy; returns undefined when nothing matches the reference. */
export type ReferenceResolver = (reference: ReferenceNode) => CompiledPolicy | undefined;

export const MATCH = 0;
export const NO_MATCH = 1;
export const MATCH_INDETERMINATE = 2;
export type MatchResult = 0 | 1 | 2;

export type TargetEvaluator = (ctx: EvaluationContext) => MatchResult;
