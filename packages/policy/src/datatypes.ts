import { PolicyError } from "./errors";
import { XS } from "./identifiers";

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

const same = (a: unknown, b: unknown) => a === b;

export const stringType: DataType<string> = {
  id: `${XS}string`,
  parse: (t) => t,
  equal: same,
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  format: (v) => v,
  accepts: (v): v is string => typeof v === "string",
};

export const booleanType: DataType<boolean> = {
  id: `${XS}boolean`,
  parse(t) {
    const s = t.trim();
    if (s === "true" || s === "1") return true;
    if (s === "false" || s === "0") return false;
    throw new InvalidValue(`not a boolean: ${JSON.stringify(t)}`);
  },
  equal: same,
  format: (v) => (v ? "true" : "false"),
  accepts: (v): v is boolean => typeof v === "boolean",
};

/**
 * xs:integer is unbounded; we hold it as a JavaScript number, exact up to 2^53. Larger literals
 * are rejected rather than silently rounded.
 */
export const integerType: DataType<number> = {
  id: `${XS}integer`,
  parse(t) {
    const s = t.trim();
    if (!/^[+-]?\d+$/.test(s)) throw new InvalidValue(`not an integer: ${JSON.stringify(t)}`);
    const n = Number(s);
    if (!Number.isSafeInteger(n)) throw new InvalidValue(`integer out of the supported range: ${s}`);
    return n === 0 ? 0 : n;
  },
  equal: same,
  compare: (a, b) => a - b,
  format: (v) => String(v),
  accepts: (v): v is number => typeof v === "number" && Number.isInteger(v),
};

export const doubleType: DataType<number> = {
  id: `${XS}double`,
  parse(t) {
    const s = t.trim();
    if (s === "INF" || s === "+INF") return Number.POSITIVE_INFINITY;
    if (s === "-INF") return Number.NEGATIVE_INFINITY;
    if (s === "NaN") return Number.NaN;
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s))
      throw new InvalidValue(`not a double: ${JSON.stringify(t)}`);
    return Number(s);
  },
  equal: same,
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  format(v) {
    if (v === Number.POSITIVE_INFINITY) return "INF";
    if (v === Number.NEGATIVE_INFINITY) return "-INF";
    if (Number.isNaN(v)) return "NaN";
    return Number.isInteger(v) ? v.toFixed(1) : String(v);
  },
  accepts: (v): v is number => typeof v === "number",
};

export const anyURIType: DataType<string> = {
  id: `${XS}anyURI`,
  parse: (t) => t.trim(),
  equal: same,
  format: (v) => v,
  accepts: (v): v is string => typeof v === "string",
};

export const hexBinaryType: DataType<string> = {
  id: `${XS}hexBinary`,
  parse(t) {
    const s = t.trim();
    if (!/^([0-9a-fA-F]{2})*$/.test(s)) throw new InvalidValue(`not hexBinary: ${JSON.stringify(t)}`);
    return s.toLowerCase();
  },
  equal: same,
  format: (v) => v.toUpperCase(),
  accepts: (v): v is string => typeof v === "string" && /^([0-9a-f]{2})*$/.test(v),
};

export const base64BinaryType: DataType<string> = {
  id: `${XS}base64Binary`,
  parse(t) {
    const s = t.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1)
      throw new InvalidValue(`not base64Binary: ${JSON.stringify(t)}`);
    // Canonical form: equal octets compare equal whatever the padding or line breaks.
    return Buffer.from(s, "base64").toString("base64");
  },
  equal: same,
  format: (v) => v,
  accepts: (v): v is string => typeof v === "string",
};

// ---- date and time -------------------------------------------------------------------------

/** An xs:dateTime. `epoch` is milliseconds since 1970 in UTC, with the implicit timezone UTC. */
export interface DateTimeValue {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Fraction of a second as written (digits after the point), kept for printing. */
  readonly fraction: string;
  /** Timezone offset in minutes, or undefined when none was given. */
  readonly tz: number | undefined;
  readonly epoch: number;
}

export interface DateValue {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly tz: number | undefined;
  readonly epoch: number;
}

export interface TimeValue {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly fraction: string;
  readonly tz: number | undefined;
  /** Milliseconds since midnight UTC (may fall outside one day before normalisation). */
  readonly millis: number;
}

const TZ = "(Z|[+-]\\d{2}:\\d{2})?";
const DATE_TIME_RE = new RegExp(
  `^(-?\\d{4,})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?${TZ}$`,
);
const DATE_RE = new RegExp(`^(-?\\d{4,})-(\\d{2})-(\\d{2})${TZ}$`);
const TIME_RE = new RegExp(`^(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?${TZ}$`);

function parseTz(text: string | undefined): number | undefined {
  if (!text) return undefined;
  if (text === "Z") return 0;
  const sign = text[0] === "-" ? -1 : 1;
  const h = Number(text.slice(1, 3));
  const m = Number(text.slice(4, 6));
  if (h > 14 || m > 59) throw new InvalidValue(`bad timezone ${text}`);
  return sign * (h * 60 + m);
}

function formatTz(tz: number | undefined): string {
  if (tz === undefined) return "";
  if (tz === 0) return "Z";
  const sign = tz < 0 ? "-" : "+";
  const abs = Math.abs(tz);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

const pad2 = (n: number) => String(n).padStart(2, "0");
const pad4 = (n: number) => (n < 0 ? `-${String(-n).padStart(4, "0")}` : String(n).padStart(4, "0"));

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function utcEpoch(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

function fractionMillis(fraction: string): number {
  return fraction ? Number(`0.${fraction}`) * 1000 : 0;
}

export function makeDateTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string,
  tz: number | undefined,
): DateTimeValue {
  const epoch =
    utcEpoch(year, month, day, hour, minute, second, 0) + fractionMillis(fraction) - (tz ?? 0) * 60000;
  return Object.freeze({ year, month, day, hour, minute, second, fraction, tz, epoch });
}

export function makeDate(year: number, month: number, day: number, tz: number | undefined): DateValue {
  return Object.freeze({
    year,
    month,
    day,
    tz,
    epoch: utcEpoch(year, month, day, 0, 0, 0, 0) - (tz ?? 0) * 60000,
  });
}

export const dateTimeType: DataType<DateTimeValue> = {
  id: `${XS}dateTime`,
  parse(t) {
    const m = DATE_TIME_RE.exec(t.trim());
    if (!m) throw new InvalidValue(`not a dateTime: ${JSON.stringify(t)}`);
    const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (
      month < 1 ||
      month > 12 ||
      day < 1 ||
      day > daysInMonth(year, month) ||
      hour > 24 ||
      minute > 59 ||
      second > 59
    ) {
      throw new InvalidValue(`not a valid dateTime: ${JSON.stringify(t)}`);
    }
    if (hour === 24 && (minute !== 0 || second !== 0))
      throw new InvalidValue(`not a valid dateTime: ${JSON.stringify(t)}`);
    return makeDateTime(year, month, day, hour, minute, second, m[7] ?? "", parseTz(m[8]));
  },
  equal: (a, b) => a.epoch === b.epoch,
  compare: (a, b) => a.epoch - b.epoch,
  format: (v) =>
    `${pad4(v.year)}-${pad2(v.month)}-${pad2(v.day)}T${pad2(v.hour)}:${pad2(v.minute)}:${pad2(v.second)}${v.fraction ? `.${v.fraction}` : ""}${formatTz(v.tz)}`,
  accepts: (v): v is DateTimeValue =>
    typeof v === "object" && v !== null && "epoch" in v && "hour" in v && "year" in v,
};

export const dateType: DataType<DateValue> = {
  id: `${XS}date`,
  parse(t) {
    const m = DATE_RE.exec(t.trim());
    if (!m) throw new InvalidValue(`not a date: ${JSON.stringify(t)}`);
    const [year, month, day] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
      throw new InvalidValue(`not a valid date: ${JSON.stringify(t)}`);
    return makeDate(year, month, day, parseTz(m[4]));
  },
  equal: (a, b) => a.epoch === b.epoch,
  compare: (a, b) => a.epoch - b.epoch,
  format: (v) => `${pad4(v.year)}-${pad2(v.month)}-${pad2(v.day)}${formatTz(v.tz)}`,
  accepts: (v): v is DateValue => typeof v === "object" && v !== null && "epoch" in v && !("hour" in v),
};

export function makeTime(
  hour: number,
  minute: number,
  second: number,
  fraction: string,
  tz: number | undefined,
): TimeValue {
  const millis = ((hour * 60 + minute - (tz ?? 0)) * 60 + second) * 1000 + fractionMillis(fraction);
  return Object.freeze({ hour, minute, second, fraction, tz, millis });
}

export const timeType: DataType<TimeValue> = {
  id: `${XS}time`,
  parse(t) {
    const m = TIME_RE.exec(t.trim());
    if (!m) throw new InvalidValue(`not a time: ${JSON.stringify(t)}`);
    const [hour, minute, second] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
    if (hour > 24 || minute > 59 || second > 59)
      throw new InvalidValue(`not a valid time: ${JSON.stringify(t)}`);
    return makeTime(hour, minute, second, m[4] ?? "", parseTz(m[5]));
  },
  equal: (a, b) => a.millis === b.millis,
  compare: (a, b) => a.millis - b.millis,
  format: (v) =>
    `${pad2(v.hour)}:${pad2(v.minute)}:${pad2(v.second)}${v.fraction ? `.${v.fraction}` : ""}${formatTz(v.tz)}`,
  accepts: (v): v is TimeValue => typeof v === "object" && v !== null && "millis" in v,
};

/** A dayTimeDuration, held as signed milliseconds. */
export const dayTimeDurationType: DataType<number> = {
  id: `${XS}dayTimeDuration`,
  parse(t) {
    const m = /^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(t.trim());
    if (!m || t.trim().endsWith("T") || t.trim() === "P" || t.trim() === "-P")
      throw new InvalidValue(`not a dayTimeDuration: ${JSON.stringify(t)}`);
    const ms =
      (Number(m[2] ?? 0) * 86400 + Number(m[3] ?? 0) * 3600 + Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0)) *
      1000;
    return m[1] ? -ms : ms;
  },
  equal: same,
  compare: (a, b) => a - b,
  format(v) {
    if (v === 0) return "PT0S";
    let rest = Math.abs(v);
    const days = Math.floor(rest / 86400000);
    rest -= days * 86400000;
    const hours = Math.floor(rest / 3600000);
    rest -= hours * 3600000;
    const minutes = Math.floor(rest / 60000);
    rest -= minutes * 60000;
    const seconds = rest / 1000;
    let out = `${v < 0 ? "-" : ""}P${days ? `${days}D` : ""}`;
    if (hours || minutes || seconds)
      out += `T${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${seconds ? `${seconds}S` : ""}`;
    return out;
  },
  accepts: (v): v is number => typeof v === "number",
};

/** A yearMonthDuration, held as signed months. */
export const yearMonthDurationType: DataType<number> = {
  id: `${XS}yearMonthDuration`,
  parse(t) {
    const s = t.trim();
    const m = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?$/.exec(s);
    if (!m || s === "P" || s === "-P")
      throw new InvalidValue(`not a yearMonthDuration: ${JSON.stringify(t)}`);
    const months = Number(m[2] ?? 0) * 12 + Number(m[3] ?? 0);
    return m[1] ? -months : months;
  },
  equal: same,
  compare: (a, b) => a - b,
  format(v) {
    if (v === 0) return "P0M";
    const abs = Math.abs(v);
    const years = Math.floor(abs / 12);
    const months = abs % 12;
    return `${v < 0 ? "-" : ""}P${years ? `${years}Y` : ""}${months ? `${months}M` : ""}`;
  },
  accepts: (v): v is number => typeof v === "number",
};

// ---- names and addresses --------------------------------------------------------------------

/** An RFC 822 name: the local part is case-sensitive, the domain is not. */
export interface Rfc822Name {
  readonly local: string;
  readonly domain: string;
}

export const rfc822NameType: DataType<Rfc822Name> = {
  id: "urn:oasis:names:tc:xacml:1.0:data-type:rfc822Name",
  parse(t) {
    const s = t.trim();
    const at = s.lastIndexOf("@");
    if (at <= 0 || at === s.length - 1) throw new InvalidValue(`not an rfc822Name: ${JSON.stringify(t)}`);
    return Object.freeze({ local: s.slice(0, at), domain: s.slice(at + 1).toLowerCase() });
  },
  equal: (a, b) => a.local === b.local && a.domain === b.domain,
  format: (v) => `${v.local}@${v.domain}`,
  accepts: (v): v is Rfc822Name => typeof v === "object" && v !== null && "local" in v && "domain" in v,
};

/** An X.500 distinguished name as RDN strings, most significant last (as written in RFC 2253). */
export interface X500Name {
  readonly text: string;
  /** Normalised RDNs: attribute types and values lower-cased, spaces around separators removed. */
  readonly rdns: readonly string[];
}

function splitUnescaped(text: string, separators: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\\" && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (!quoted && separators.includes(c)) {
      parts.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts;
}

function normaliseRdn(rdn: string): string {
  return splitUnescaped(rdn, "+")
    .map((ava) => {
      const eq = ava.indexOf("=");
      if (eq <= 0) throw new InvalidValue(`not an X.500 attribute value assertion: ${JSON.stringify(ava)}`);
      const type = ava.slice(0, eq).trim().toLowerCase();
      const value = ava
        .slice(eq + 1)
        .trim()
        .replace(/\s+/g, " ")
        .toLowerCase();
      return `${type}=${value}`;
    })
    .sort()
    .join("+");
}

export const x500NameType: DataType<X500Name> = {
  id: "urn:oasis:names:tc:xacml:1.0:data-type:x500Name",
  parse(t) {
    const text = t.trim();
    const rdns = text === "" ? [] : splitUnescaped(text, ",;").map(normaliseRdn);
    return Object.freeze({ text, rdns: Object.freeze(rdns) });
  },
  equal: (a, b) => a.rdns.length === b.rdns.length && a.rdns.every((r, i) => r === b.rdns[i]),
  format: (v) => v.text,
  accepts: (v): v is X500Name => typeof v === "object" && v !== null && "rdns" in v,
};

/** ipAddress: "address[/mask][:portrange]", IPv6 addresses in square brackets. Compared as text. */
export const ipAddressType: DataType<string> = {
  id: "urn:oasis:names:tc:xacml:2.0:data-type:ipAddress",
  parse(t) {
    const s = t.trim();
    const v4 = /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,3}(\.\d{1,3}){3})?(:(-?\d+|\d+-\d*))?$/;
    const v6 = /^\[[0-9A-Fa-f:.]+\](\/\[[0-9A-Fa-f:.]+\])?(:(-?\d+|\d+-\d*))?$/;
    if (!v4.test(s) && !v6.test(s)) throw new InvalidValue(`not an ipAddress: ${JSON.stringify(t)}`);
    return s;
  },
  equal: same,
  format: (v) => v,
  accepts: (v): v is string => typeof v === "string",
};

/** dnsName: "hostname[:portrange]", a leading "*." wildcard allowed. Compared as text. */
export const dnsNameType: DataType<string> = {
  id: "urn:oasis:names:tc:xacml:2.0:data-type:dnsName",
  parse(t) {
    const s = t.trim();
    if (
      !/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:(-?\d+|\d+-\d*))?$/.test(
        s,
      )
    ) {
      throw new InvalidValue(`not a dnsName: ${JSON.stringify(t)}`);
    }
    return s;
  },
  equal: same,
  format: (v) => v,
  accepts: (v): v is string => typeof v === "string",
};

/** xpathExpression: a path plus the category whose content it reads (XPathCategory). */
export interface XPathExpressionValue {
  readonly path: string;
  readonly category: string;
  /** The path compiled against the namespaces where it was written (policy literals only). */
  readonly compiled?: unknown;
}

export const xpathExpressionType: DataType<XPathExpressionValue> = {
  id: "urn:oasis:names:tc:xacml:3.0:data-type:xpathExpression",
  parse: (t) => Object.freeze({ path: t, category: "" }),
  equal: (a, b) => a.path === b.path && a.category === b.category,
  format: (v) => v.path,
  accepts: (v): v is XPathExpressionValue => typeof v === "object" && v !== null && "path" in v,
};

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
