import { XS } from "../identifiers";
import { type DataType, InvalidValue, same } from "./data-type";

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
