import {
  anyURIType,
  base64BinaryType,
  booleanType,
  type DataType,
  dateTimeType,
  dateType,
  dayTimeDurationType,
  doubleType,
  hexBinaryType,
  integerType,
  rfc822NameType,
  stringType,
  timeType,
  x500NameType,
  yearMonthDurationType,
} from "../datatypes";
import { type FunctionDefinition, value } from "../expression";
import { F1, F3 } from "../identifiers";

const strictEqual = (a: unknown, b: unknown) => a === b;

function equality(id: string, type: DataType): FunctionDefinition {
  // Types whose raw form is a primitive compare with ===, which V8 inlines.
  const primitive =
    type === stringType ||
    type === booleanType ||
    type === integerType ||
    type === doubleType ||
    type === anyURIType ||
    type === hexBinaryType ||
    type === base64BinaryType;
  return {
    id,
    params: [value(type), value(type)],
    returns: value(booleanType),
    call: primitive ? strictEqual : (a: never, b: never) => type.equal(a, b),
  };
}

/** A.3.1 Equality predicates. */
export const equalityFunctions: FunctionDefinition[] = [
  equality(`${F1}string-equal`, stringType),
  {
    id: `${F3}string-equal-ignore-case`,
    params: [value(stringType), value(stringType)],
    returns: value(booleanType),
    call: (a: string, b: string) => a.toLowerCase() === b.toLowerCase(),
  },
  equality(`${F1}boolean-equal`, booleanType),
  equality(`${F1}integer-equal`, integerType),
  equality(`${F1}double-equal`, doubleType),
  equality(`${F1}date-equal`, dateType),
  equality(`${F1}time-equal`, timeType),
  equality(`${F1}dateTime-equal`, dateTimeType),
  equality(`${F3}dayTimeDuration-equal`, dayTimeDurationType),
  equality(`${F3}yearMonthDuration-equal`, yearMonthDurationType),
  equality(`${F1}dayTimeDuration-equal`, dayTimeDurationType),
  equality(`${F1}yearMonthDuration-equal`, yearMonthDurationType),
  equality(`${F1}anyURI-equal`, anyURIType),
  equality(`${F1}x500Name-equal`, x500NameType),
  equality(`${F1}rfc822Name-equal`, rfc822NameType),
  equality(`${F1}hexBinary-equal`, hexBinaryType),
  equality(`${F1}base64Binary-equal`, base64BinaryType),
];
