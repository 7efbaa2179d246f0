import { type Directive, INDETERMINATE_D, INDETERMINATE_P, type Outcome, responseDecision } from "./decision";
import type { MissingAttributeDetail, PolicyIdentifier, Status } from "./expression";
import { STATUS_OK, STATUS_PROCESSING_ERROR } from "./identifiers";

/** The result of one decision, as the typed API returns it. */
export interface DecisionResult {
  readonly decision: "Permit" | "Deny" | "NotApplicable" | "Indeterminate";
  /** For Indeterminate: which decision the erroring policy could have reached (section 7.10). */
  readonly extendedIndeterminate?: "D" | "P" | "DP";
  readonly status: ResultStatus;
  readonly obligations: readonly ResultDirective[];
  readonly advice: readonly ResultDirective[];
  /** Policies and policy sets that applied, when the request asked for them. */
  readonly policyIdentifiers?: readonly PolicyIdentifier[];
  /** The rule that decided, and the policy that holds it (for Permit and Deny). */
  readonly ruleId?: string;
  readonly policyId?: string;
}

export interface ResultStatus {
  readonly code: string;
  readonly message?: string;
  readonly missingAttributes?: readonly MissingAttributeDetail[];
}

export interface ResultDirective {
  readonly id: string;
  readonly attributes: readonly ResultAssignment[];
}

export interface ResultAssignment {
  readonly attributeId: string;
  readonly category?: string;
  readonly issuer?: string;
  readonly dataType: string;
  /** The value in its XML lexical form. */
  readonly value: string;
  /** The value as JSON would carry it (numbers and booleans unquoted). */
  readonly jsonValue: string | number | boolean;
}

const OK: ResultStatus = Object.freeze({ code: STATUS_OK });
const NONE: readonly ResultDirective[] = Object.freeze([]);

function toDirectives(directives: readonly Directive[] | undefined): readonly ResultDirective[] {
  if (!directives || directives.length === 0) return NONE;
  return directives.map((d) => ({
    id: d.id,
    attributes: d.assignments.map((a) => {
      const text = (a.dataType.format as (v: unknown) => string)(a.value);
      const jsonValue =
        typeof a.value === "number" && Number.isFinite(a.value)
          ? a.value
          : typeof a.value === "boolean"
            ? a.value
            : text;
      return {
        attributeId: a.attributeId,
        ...(a.category !== undefined ? { category: a.category } : {}),
        ...(a.issuer !== undefined ? { issuer: a.issuer } : {}),
        dataType: a.dataType.id,
        value: text,
        jsonValue,
      };
    }),
  }));
}

export function toResult(
  outcome: Outcome,
  policyIds: readonly PolicyIdentifier[] | undefined,
): DecisionResult {
  const decision = responseDecision(outcome.decision);
  if (decision === "Indeterminate") {
    const status: Status = outcome.status ?? { code: STATUS_PROCESSING_ERROR };
    const extended =
      outcome.decision === INDETERMINATE_D ? "D" : outcome.decision === INDETERMINATE_P ? "P" : "DP";
    return {
      decision,
      extendedIndeterminate: extended,
      status,
      obligations: NONE,
      advice: NONE,
      ...(policyIds ? { policyIdentifiers: policyIds } : {}),
    };
  }
  const result: DecisionResult = {
    decision,
    status: OK,
    obligations: toDirectives(outcome.obligations),
    advice: toDirectives(outcome.advice),
    ...(policyIds ? { policyIdentifiers: policyIds } : {}),
    ...(outcome.ruleId !== undefined && decision !== "NotApplicable"
      ? { ruleId: outcome.ruleId, policyId: outcome.policyId }
      : {}),
  };
  return result;
}

/** A result for a request that could not be read at all: Indeterminate with a syntax error. */
export function requestErrorResult(code: string, message: string): DecisionResult {
  return {
    decision: "Indeterminate",
    extendedIndeterminate: "DP",
    status: { code, message },
    obligations: NONE,
    advice: NONE,
  };
}
