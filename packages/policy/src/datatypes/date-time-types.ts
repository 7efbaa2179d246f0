import { XS } from "../identifiers";
import { type DataType, InvalidValue } from "./data-type";

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
