import {
  anyURIType,
  booleanType,
  type DataType,
  dateTimeType,
  dateType,
  dayTimeDurationType,
  dnsNameType,
  doubleType,
  InvalidValue,
  integerType,
  ipAddressType,
  rfc822NameType,
  stringType,
  timeType,
  x500NameType,
  yearMonthDurationType,
} from "../datatypes";
import { type FunctionDefinition, processingError, syntaxError, value } from "../expression";
import { F2, F3 } from "../identifiers";

const str = value(stringType);
const uri = value(anyURIType);
const bool = value(booleanType);
const int = value(integerType);

function substring(s: string, begin: number, end: number): string {
  const stop = end === -1 ? s.length : end;
  if (begin < 0 || begin > s.length || stop < begin || stop > s.length) {
    throw processingError(`substring(${begin}, ${end}) is out of range for a string of length ${s.length}`);
  }
  return s.slice(begin, stop);
}

function conversions(name: string, type: DataType): FunctionDefinition[] {
  return [
    {
      id: `${F3}${name}-from-string`,
      params: [str],
      returns: value(type),
      call: (s: string) => {
        try {
          return type.parse(s);
        } catch (error) {
          if (error instanceof InvalidValue) throw syntaxError(error.message);
          throw error;
        }
      },
    },
    {
      id: `${F3}string-from-${name}`,
      params: [value(type)],
      returns: str,
      call: (v: never) => type.format(v),
    },
  ];
}

/** A.3.9 String functions, including the 3.0 conversions to and from strings. */
export const stringFunctions: FunctionDefinition[] = [
  {
    id: `${F2}string-concatenate`,
    params: [str, str],
    variadic: { param: str, minArgs: 2 },
    returns: str,
    call: (...xs: string[]) => xs.join(""),
  },
  {
    id: `${F2}uri-string-concatenate`,
    params: [uri, str],
    variadic: { param: str, minArgs: 2 },
    returns: uri,
    call: (u: string, ...xs: string[]) => u + xs.join(""),
  },
  // Note the argument order of the 3.0 predicates: the second argument is searched for the first.
  {
    id: `${F3}string-starts-with`,
    params: [str, str],
    returns: bool,
    call: (p: string, s: string) => s.startsWith(p),
  },
  {
    id: `${F3}anyURI-starts-with`,
    params: [str, uri],
    returns: bool,
    call: (p: string, s: string) => s.startsWith(p),
  },
  {
    id: `${F3}string-ends-with`,
    params: [str, str],
    returns: bool,
    call: (p: string, s: string) => s.endsWith(p),
  },
  {
    id: `${F3}anyURI-ends-with`,
    params: [str, uri],
    returns: bool,
    call: (p: string, s: string) => s.endsWith(p),
  },
  {
    id: `${F3}string-contains`,
    params: [str, str],
    returns: bool,
    call: (p: string, s: string) => s.includes(p),
  },
  {
    id: `${F3}anyURI-contains`,
    params: [str, uri],
    returns: bool,
    call: (p: string, s: string) => s.includes(p),
  },
  { id: `${F3}string-substring`, params: [str, int, int], returns: str, call: substring },
  { id: `${F3}anyURI-substring`, params: [uri, int, int], returns: str, call: substring },
  ...conversions("boolean", booleanType),
  ...conversions("integer", integerType),
  ...conversions("double", doubleType),
  ...conversions("time", timeType),
  ...conversions("date", dateType),
  ...conversions("dateTime", dateTimeType),
  ...conversions("anyURI", anyURIType),
  ...conversions("dayTimeDuration", dayTimeDurationType),
  ...conversions("yearMonthDuration", yearMonthDurationType),
  ...conversions("x500Name", x500NameType),
  ...conversions("rfc822Name", rfc822NameType),
  ...conversions("ipAddress", ipAddressType),
  ...conversions("dnsName", dnsNameType),
];
