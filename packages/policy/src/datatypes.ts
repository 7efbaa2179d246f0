import type { DataType } from "./datatypes/data-type";
import { dateTimeType, dateType, timeType } from "./datatypes/date-time-types";
import { dayTimeDurationType, yearMonthDurationType } from "./datatypes/duration-types";
import {
  dnsNameType,
  ipAddressType,
  rfc822NameType,
  x500NameType,
  xpathExpressionType,
} from "./datatypes/name-types";
import {
  anyURIType,
  base64BinaryType,
  booleanType,
  doubleType,
  hexBinaryType,
  integerType,
  stringType,
} from "./datatypes/primitive-types";
import { PolicyError } from "./errors";

// The data types live by family in datatypes/; this module is their registry by identifier.
export { type DataType, InvalidValue } from "./datatypes/data-type";
export * from "./datatypes/date-time-types";
export * from "./datatypes/duration-types";
export * from "./datatypes/name-types";
export * from "./datatypes/primitive-types";

const ALL_TYPES: DataType[] = [
  stringType,
  booleanType,
  integerType,
  doubleType,
  anyURIType,
  hexBinaryType,
  base64BinaryType,
  dateTimeType,
  dateType,
  timeType,
  dayTimeDurationType,
  yearMonthDurationType,
  rfc822NameType,
  x500NameType,
  ipAddressType,
  dnsNameType,
  xpathExpressionType,
] as DataType[];

const BY_ID = new Map<string, DataType>(ALL_TYPES.map((t) => [t.id, t]));
// XACML 1.x/2.0 spelled the duration types in the xquery-operators namespace.
BY_ID.set(
  "http://www.w3.org/TR/2002/WD-xquery-operators-20020816#dayTimeDuration",
  dayTimeDurationType as DataType,
);
BY_ID.set(
  "http://www.w3.org/TR/2002/WD-xquery-operators-20020816#yearMonthDuration",
  yearMonthDurationType as DataType,
);

/** Short names accepted by the JSON profile ("string", "integer", …). */
const BY_SHORT_NAME = new Map<string, DataType>(
  ALL_TYPES.map((t) => [t.id.slice(Math.max(t.id.lastIndexOf("#"), t.id.lastIndexOf(":")) + 1), t]),
);

export function findDataType(id: string): DataType | undefined {
  return BY_ID.get(id) ?? BY_SHORT_NAME.get(id);
}

export function requireDataType(id: string, location?: { element?: string; line?: number }): DataType {
  const type = findDataType(id);
  if (!type) throw new PolicyError("UNKNOWN_DATATYPE", `unknown data type ${id}`, location);
  return type;
}
