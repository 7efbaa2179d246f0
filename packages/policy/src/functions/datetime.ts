import {
  type DateTimeValue,
  type DateValue,
  dateTimeType,
  dateType,
  dayTimeDurationType,
  makeDate,
  makeDateTime,
  yearMonthDurationType,
} from "../datatypes";
import { type FunctionDefinition, value } from "../expression";
import { F1, F3 } from "../identifiers";

/** Re-expresses an instant in the timezone of the original value (UTC when it had none). */
function fromEpoch(epoch: number, tz: number | undefined): DateTimeValue {
  const local = new Date(epoch + (tz ?? 0) * 60000);
  const ms = local.getUTCMilliseconds();
  const fraction = ms === 0 ? "" : String(ms).padStart(3, "0").replace(/0+$/, "");
  return makeDateTime(
    local.getUTCFullYear(),
    local.getUTCMonth() + 1,
    local.getUTCDate(),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    fraction,
    tz,
  );
}

/** Adds months to a calendar date, keeping the day but clamping it to the month's last day. */
function shiftMonths(year: number, month: number, day: number, months: number): [number, number, number] {
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [y, m, Math.min(day, last)];
}

function addDayTime(dt: DateTimeValue, ms: number): DateTimeValue {
  // Keep sub-millisecond digits when the duration has none, so printing round-trips.
  const shifted = fromEpoch(dt.epoch + ms, dt.tz);
  return Number.isInteger(ms / 1000)
    ? makeDateTime(
        shifted.year,
        shifted.month,
        shifted.day,
        shifted.hour,
        shifted.minute,
        shifted.second,
        dt.fraction,
        dt.tz,
      )
    : shifted;
}

function addYearMonth(dt: DateTimeValue, months: number): DateTimeValue {
  const [y, m, d] = shiftMonths(dt.year, dt.month, dt.day, months);
  return makeDateTime(y, m, d, dt.hour, dt.minute, dt.second, dt.fraction, dt.tz);
}

function addYearMonthToDate(date: DateValue, months: number): DateValue {
  const [y, m, d] = shiftMonths(date.year, date.month, date.day, months);
  return makeDate(y, m, d, date.tz);
}

const dateTime = value(dateTimeType);
const date = value(dateType);
const dayTime = value(dayTimeDurationType);
const yearMonth = value(yearMonthDurationType);

/** A.3.7 Date and time arithmetic functions, under their 3.0 and legacy 1.0 identifiers. */
export const dateTimeFunctions: FunctionDefinition[] = [F3, F1].flatMap((ns) => [
  {
    id: `${ns}dateTime-add-dayTimeDuration`,
    params: [dateTime, dayTime],
    returns: dateTime,
    call: (a: DateTimeValue, d: number) => addDayTime(a, d),
  },
  {
    id: `${ns}dateTime-subtract-dayTimeDuration`,
    params: [dateTime, dayTime],
    returns: dateTime,
    call: (a: DateTimeValue, d: number) => addDayTime(a, -d),
  },
  {
    id: `${ns}dateTime-add-yearMonthDuration`,
    params: [dateTime, yearMonth],
    returns: dateTime,
    call: (a: DateTimeValue, d: number) => addYearMonth(a, d),
  },
  {
    id: `${ns}dateTime-subtract-yearMonthDuration`,
    params: [dateTime, yearMonth],
    returns: dateTime,
    call: (a: DateTimeValue, d: number) => addYearMonth(a, -d),
  },
  {
    id: `${ns}date-add-yearMonthDuration`,
    params: [date, yearMonth],
    returns: date,
    call: (a: DateValue, d: number) => addYearMonthToDate(a, d),
  },
  {
    id: `${ns}date-subtract-yearMonthDuration`,
    params: [date, yearMonth],
    returns: date,
    call: (a: DateValue, d: number) => addYearMonthToDate(a, -d),
  },
]);
