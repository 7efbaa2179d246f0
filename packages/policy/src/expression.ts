import type { DataType } from "./datatypes";
import type { XmlElement } from "./xml";

/** A status as carried by an Indeterminate result (XACML 3.0 section 5.53). */
export interface Status {
  readonly code: string;
  readonly message?: string;
  readonly missingAttributes?: readonly MissingAttributeDetail[];
}

export interface MissingAttributeDetail {
  readonly category: string;
  readonly attributeId: string;
  readonly dataType: string;
  readonly issuer?: string;
}

/**
 * Thrown while evaluating an expression whose value is Indeterminate. Throwing keeps the common,
 * non-error path free of result wrappers; targets, conditions and obligation expressions catch it
 * and turn it into the matching Indeterminate decision.
 */
export class Indeterminate extends Error {
  override readonly name = "Indeterminate";
  constructor(readonly status: Status) {
    super(status.message ?? status.code);
  }
}

/** What compiled policies see of a request: attribute bags by category, id, type and issuer. */
export interface RequestView {
  /** The bag of values, or undefined when the request has no such attribute. */
  attribute(
    category: string,
    attributeId: string,
    dataType: DataType,
    issuer: string | undefined,
  ): readonly unknown[] | undefined;
  /** The `<Content>` of a category, for attribute selectors. */
  content(category: string): XmlElement | undefined;
}

export interface EvaluationContext {
  readonly request: RequestView;
  /** The instant of this decision: current-time/date/dateTime are derived from it when the request omits them. */
  readonly now: Date;
  /** Filled when the request asked for the list of applicable policies. */
  readonly policyIds: PolicyIdentifier[] | undefined;
  /** Status of the last Indeterminate target match; targets report through it to stay allocation-free. */
  targetError: Status | undefined;
}

export interface PolicyIdentifier {
  readonly kind: "Policy" | "PolicySet";
  readonly id: string;
  readonly version: string;
}

/** The static type of an expression: one value or a bag, of one data type. */
export interface ExpressionType {
  readonly dataType: DataType;
  readonly bag: boolean;
}

export type Evaluator = (context: EvaluationContext) => unknown;

/** Where an expression came from, for error messages. */
export interface SourceSite {
  readonly element: string;
  readonly line: number;
}

export interface CompiledExpression {
  /** Undefined for a `<Function>` argument, which has no value of its own. */
  readonly type: ExpressionType | undefined;
  readonly evaluate: Evaluator;
  /** Set for `<Function>` arguments of higher-order functions. */
  readonly functionRef?: FunctionDefinition;
  /** Set when the expression is a literal, so callers can precompute (e.g. compile a regex once). */
  readonly constant?: { value: unknown };
  readonly site: SourceSite;
}

export interface Parameter {
  readonly dataType: DataType;
  readonly bag: boolean;
}

/**
 * A standard function. `call` receives already-evaluated raw values; functions that must not
 * evaluate every argument (and, or, n-of) or that take a function (higher-order) supply `compile`.
 */
export interface FunctionDefinition {
  readonly id: string;
  readonly params: readonly Parameter[];
  /** Trailing parameter that may repeat, with the least total argument count. */
  readonly variadic?: { readonly param: Parameter; readonly minArgs: number };
  readonly returns: ExpressionType;
  readonly call: (...args: never[]) => unknown;
  readonly compile?: (args: readonly CompiledExpression[], site: SourceSite) => CompiledExpression;
  /** The function checks its own arguments in `compile` (higher-order functions). */
  readonly customSignature?: boolean;
}

export const value = (dataType: DataType): ExpressionType & Parameter => ({ dataType, bag: false });
export const bagOf = (dataType: DataType): ExpressionType & Parameter => ({ dataType, bag: true });

export function processingError(message: string): Indeterminate {
  return new Indeterminate({ code: "urn:oasis:names:tc:xacml:1.0:status:processing-error", message });
}

export function syntaxError(message: string): Indeterminate {
  return new Indeterminate({ code: "urn:oasis:names:tc:xacml:1.0:status:syntax-error", message });
}
