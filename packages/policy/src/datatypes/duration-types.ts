import { XS } from "../identifiers";
import { type DataType, InvalidValue, same } from "./data-type";

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
