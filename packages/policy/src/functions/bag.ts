import {
  anyURIType,
  base64BinaryType,
  booleanType,
  type DataType,
  dateTimeType,
  dateType,
  dayTimeDurationType,
  dnsNameType,
  doubleType,
  hexBinaryType,
  integerType,
  ipAddressType,
  rfc822NameType,
  stringType,
  timeType,
  x500NameType,
  yearMonthDurationType,
} from "../datatypes";
import { bagOf, type FunctionDefinition, processingError, value } from "../expression";
import { F1, F2, F3 } from "../identifiers";

/** Every type with bag and set functions, with the namespaces its function ids are published under. */
export const BAG_TYPES: ReadonlyArray<{ name: string; type: DataType; namespaces: string[] }> = [
  { name: "string", type: stringType, namespaces: [F1] },
  { name: "boolean", type: booleanType, namespaces: [F1] },
  { name: "integer", type: integerType, namespaces: [F1] },
  { name: "double", type: doubleType, namespaces: [F1] },
  { name: "time", type: timeType, namespaces: [F1] },
  { name: "date", type: dateType, namespaces: [F1] },
  { name: "dateTime", type: dateTimeType, namespaces: [F1] },
  { name: "anyURI", type: anyURIType, namespaces: [F1] },
  { name: "hexBinary", type: hexBinaryType, namespaces: [F1] },
  { name: "base64Binary", type: base64BinaryType, namespaces: [F1] },
  { name: "dayTimeDuration", type: dayTimeDurationType, namespaces: [F3, F1] },
  { name: "yearMonthDuration", type: yearMonthDurationType, namespaces: [F3, F1] },
  { name: "x500Name", type: x500NameType, namespaces: [F1] },
  { name: "rfc822Name", type: rfc822NameType, namespaces: [F1] },
  { name: "ipAddress", type: ipAddressType, namespaces: [F2, F1] },
  { name: "dnsName", type: dnsNameType, namespaces: [F2, F1] },
];

export function contains(type: DataType, bag: readonly unknown[], item: unknown): boolean {
  const equal = type.equal as (a: unknown, b: unknown) => boolean;
  for (const x of bag) if (equal(x, item)) return true;
  return false;
}

export function distinct(type: DataType, items: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of items) if (!contains(type, out, x)) out.push(x);
  return out;
}

/** A.3.10 Bag functions: one-and-only, bag-size, is-in, bag. */
export const bagFunctions: FunctionDefinition[] = BAG_TYPES.flatMap(({ name, type, namespaces }) =>
  namespaces.flatMap((ns): FunctionDefinition[] => [
    {
      id: `${ns}${name}-one-and-only`,
      params: [bagOf(type)],
      returns: value(type),
      call: (bag: readonly unknown[]) => {
        if (bag.length !== 1)
          throw processingError(`${name}-one-and-only expects a bag of one value, got ${bag.length}`);
        return bag[0];
      },
    },
    {
      id: `${ns}${name}-bag-size`,
      params: [bagOf(type)],
      returns: value(integerType),
      call: (bag: readonly unknown[]) => bag.length,
    },
    {
      id: `${ns}${name}-is-in`,
      params: [value(type), bagOf(type)],
      returns: value(booleanType),
      call: (x: unknown, bag: readonly unknown[]) => contains(type, bag, x),
    },
    {
      id: `${ns}${name}-bag`,
      params: [],
      variadic: { param: value(type), minArgs: 0 },
      returns: bagOf(type),
      call: (...xs: unknown[]) => xs,
    },
  ]),
);

/** A.3.11 Set functions: intersection, at-least-one-member-of, union, subset, set-equals. */
export const setFunctions: FunctionDefinition[] = BAG_TYPES.flatMap(({ name, type, namespaces }) =>
  namespaces.flatMap((ns): FunctionDefinition[] => {
    const bag = bagOf(type);
    const bool = value(booleanType);
    const subset = (a: readonly unknown[], b: readonly unknown[]) => a.every((x) => contains(type, b, x));
    return [
      {
        id: `${ns}${name}-intersection`,
        params: [bag, bag],
        returns: bag,
        call: (a: readonly unknown[], b: readonly unknown[]) =>
          distinct(
            type,
            a.filter((x) => contains(type, b, x)),
          ),
      },
      {
        id: `${ns}${name}-at-least-one-member-of`,
        params: [bag, bag],
        returns: bool,
        call: (a: readonly unknown[], b: readonly unknown[]) => a.some((x) => contains(type, b, x)),
      },
      {
        id: `${ns}${name}-union`,
        params: [bag, bag],
        variadic: { param: bag, minArgs: 2 },
        returns: bag,
        call: (...bags: (readonly unknown[])[]) => distinct(type, bags.flat()),
      },
      { id: `${ns}${name}-subset`, params: [bag, bag], returns: bool, call: subset },
      {
        id: `${ns}${name}-set-equals`,
        params: [bag, bag],
        returns: bool,
        call: (a: readonly unknown[], b: readonly unknown[]) => subset(a, b) && subset(b, a),
      },
    ];
  }),
);
