import type { DataType } from "./datatypes";
import type { Status } from "./expression";

/**
 * Decisions, including the extended Indeterminate values of XACML 3.0 section 7.10 that record
 * which decision an erroring rule or policy could have produced.
 */
export const PERMIT = 0;
export const DENY = 1;
export const NOT_APPLICABLE = 2;
export const INDETERMINATE_D = 3;
export const INDETERMINATE_P = 4;
export const INDETERMINATE_DP = 5;
export type Decision = 0 | 1 | 2 | 3 | 4 | 5;

export const DECISION_NAMES = [
  "Permit",
  "Deny",
  "NotApplicable",
  "Indeterminate{D}",
  "Indeterminate{P}",
  "Indeterminate{DP}",
] as const;

export function isIndeterminate(d: Decision): boolean {
  return d >= INDETERMINATE_D;
}

/** The decision as the response states it: the extended Indeterminate values collapse. */
export function responseDecision(d: Decision): "Permit" | "Deny" | "NotApplicable" | "Indeterminate" {
  return d === PERMIT
    ? "Permit"
    : d === DENY
      ? "Deny"
      : d === NOT_APPLICABLE
        ? "NotApplicable"
        : "Indeterminate";
}

export interface AttributeAssignment {
  readonly attributeId: string;
  readonly category: string | undefined;
  readonly issuer: string | undefined;
  readonly dataType: DataType;
  readonly value: unknown;
}

/** An obligation or an advice, with its attribute assignments evaluated. */
export interface Directive {
  readonly id: string;
  readonly assignments: readonly AttributeAssignment[];
}

/** What a rule, policy or policy set evaluates to. */
export interface Outcome {
  readonly decision: Decision;
  readonly status?: Status;
  readonly obligations?: readonly Directive[];
  readonly advice?: readonly Directive[];
  /** The rule that decided, and the policy that holds it. */
  readonly ruleId?: string;
  readonly policyId?: string;
}

export const NOT_APPLICABLE_OUTCOME: Outcome = Object.freeze({ decision: NOT_APPLICABLE });
