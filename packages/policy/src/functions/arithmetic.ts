import { doubleType, integerType, stringType } from "../datatypes";
import { type FunctionDefinition, processingError, value } from "../expression";
import { F1 } from "../identifiers";

const int = value(integerType);
const dbl = value(doubleType);

function checkedInteger(n: number): number {
  if (!Number.isSafeInteger(n)) throw processingError(`integer result ${n} is outside the supported range`);
  return n;
}

/** A.3.2 Arithmetic functions and A.3.3/A.3.4 conversions between numbers and strings. */
export const arithmeticFunctions: FunctionDefinition[] = [
  {
    id: `${F1}integer-add`,
    params: [int, int],
    variadic: { param: int, minArgs: 2 },
    returns: int,
    call: (...xs: number[]) => checkedInteger(xs.reduce((a, b) => a + b, 0)),
  },
  {
    id: `${F1}double-add`,
    params: [dbl, dbl],
    variadic: { param: dbl, minArgs: 2 },
    returns: dbl,
    call: (...xs: number[]) => xs.reduce((a, b) => a + b, 0),
  },
  {
    id: `${F1}integer-multiply`,
    params: [int, int],
    variadic: { param: int, minArgs: 2 },
    returns: int,
    call: (...xs: number[]) => checkedInteger(xs.reduce((a, b) => a * b, 1)),
  },
  {
    id: `${F1}double-multiply`,
    params: [dbl, dbl],
    variadic: { param: dbl, minArgs: 2 },
    returns: dbl,
    call: (...xs: number[]) => xs.reduce((a, b) => a * b, 1),
  },
  {
    id: `${F1}integer-subtract`,
    params: [int, int],
    returns: int,
    call: (a: number, b: number) => checkedInteger(a - b),
  },
  { id: `${F1}double-subtract`, params: [dbl, dbl], returns: dbl, call: (a: number, b: number) => a - b },
  {
    id: `${F1}integer-divide`,
    params: [int, int],
    returns: int,
    call: (a: number, b: number) => {
      if (b === 0) throw processingError("integer-divide by zero");
      return Math.trunc(a / b);
    },
  },
  {
    id: `${F1}double-divide`,
    params: [dbl, dbl],
    returns: dbl,
    call: (a: number, b: number) => {
      if (b === 0) throw processingError("double-divide by zero");
      return a / b;
    },
  },
  {
    id: `${F1}integer-mod`,
    params: [int, int],
    returns: int,
    call: (a: number, b: number) => {
      if (b === 0) throw processingError("integer-mod by zero");
      return a % b;
    },
  },
  { id: `${F1}integer-abs`, params: [int], returns: int, call: (a: number) => Math.abs(a) },
  { id: `${F1}double-abs`, params: [dbl], returns: dbl, call: (a: number) => Math.abs(a) },
  { id: `${F1}round`, params: [dbl], returns: dbl, call: (a: number) => Math.round(a) },
  { id: `${F1}floor`, params: [dbl], returns: dbl, call: (a: number) => Math.floor(a) },
  {
    id: `${F1}double-to-integer`,
    params: [dbl],
    returns: int,
    call: (a: number) => checkedInteger(Math.trunc(a)),
  },
  { id: `${F1}integer-to-double`, params: [int], returns: dbl, call: (a: number) => a },
  {
    id: `${F1}string-normalize-space`,
    params: [value(stringType)],
    returns: value(stringType),
    call: (s: string) => s.trim(),
  },
  {
    id: `${F1}string-normalize-to-lower-case`,
    params: [value(stringType)],
    returns: value(stringType),
    call: (s: string) => s.toLowerCase(),
  },
];
