import {
  booleanType,
  type DataType,
  dateTimeType,
  dateType,
  doubleType,
  integerType,
  stringType,
  type TimeValue,
  timeType,
} from "../datatypes";
import { type FunctionDefinition, value } from "../expression";
import { F1, F2 } from "../identifiers";

function comparisons(prefix: string, type: DataType): FunctionDefinition[] {
  const compare = type.compare as (a: never, b: never) => number;
  const params = [value(type), value(type)];
  const returns = value(booleanType);
  return [
    { id: `${F1}${prefix}-greater-than`, params, returns, call: (a: never, b: never) => compare(a, b) > 0 },
    {
      id: `${F1}${prefix}-greater-than-or-equal`,
      params,
      returns,
      call: (a: never, b: never) => compare(a, b) >= 0,
    },
    { id: `${F1}${prefix}-less-than`, params, returns, call: (a: never, b: never) => compare(a, b) < 0 },
    {
      id: `${F1}${prefix}-less-than-or-equal`,
      params,
      returns,
      call: (a: never, b: never) => compare(a, b) <= 0,
    },
  ];
}

const DAY = 86_400_000;
const timeOfDay = (t: TimeValue) => ((t.millis % DAY) + DAY) % DAY;

/** A.3.6 Numeric comparison and A.3.8 Non-numeric comparison functions. */
export const comparisonFunctions: FunctionDefinition[] = [
  ...comparisons("integer", integerType),
  ...comparisons("double", doubleType),
  ...comparisons("string", stringType),
  ...comparisons("time", timeType),
  ...comparisons("dateTime", dateTimeType),
  ...comparisons("date", dateType),
  {
    // The range wraps past midnight when the upper bound is before the lower one.
    id: `${F2}time-in-range`,
    params: [value(timeType), value(timeType), value(timeType)],
    returns: value(booleanType),
    call: (t: TimeValue, lo: TimeValue, hi: TimeValue) => {
      const x = timeOfDay(t);
      const a = timeOfDay(lo);
      const b = timeOfDay(hi);
      return a <= b ? a <= x && x <= b : x >= a || x <= b;
    },
  },
];
