/**
 * XACML data types. Values travel through compiled policies as raw JavaScript values (string,
 * number, boolean or a small frozen record); the data type is known statically at compile time,
 * so nothing is boxed per request. Each type knows how to parse its lexical form, compare for
 * equality and order, and print itself.
 */
export interface DataType<T = unknown> {
  readonly id: string;
  /** Throws `InvalidValue` when `text` is not in the lexical space. */
  parse(text: string): T;
  equal(a: T, b: T): boolean;
  /** Total order where the standard defines one. */
  compare?(a: T, b: T): number;
  format(value: T): string;
  /** Whether a raw JavaScript value is already of this type's representation (typed API fast path). */
  accepts(value: unknown): value is T;
}

/** Thrown by `parse`; turned into a syntax-error status or a load error by the caller. */
export class InvalidValue extends Error {
  override readonly name = "InvalidValue";
}

/** Equality for types whose values are JavaScript primitives. */
export const same = (a: unknown, b: unknown) => a === b;
