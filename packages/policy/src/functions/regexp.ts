import {
  anyURIType,
  booleanType,
  type DataType,
  dnsNameType,
  ipAddressType,
  rfc822NameType,
  stringType,
  x500NameType,
} from "../datatypes";
import { PolicyError } from "../errors";
import {
  type CompiledExpression,
  type FunctionDefinition,
  processingError,
  syntaxError,
  value,
} from "../expression";
import { F1, F2 } from "../identifiers";

/**
 * Regular-expression functions (A.3.13) take XML Schema regular expressions.
 *
 * JavaScript's backtracking engine has no timeout, so a policy author could otherwise write a
 * catastrophic pattern and a caller could feed it a long input. Two bounds make that harmless:
 * patterns with a repeated group that itself repeats without bound, e.g. `(a+)+`, are refused, and
 * the matched input is limited to MAX_REGEX_INPUT characters (longer input is Indeterminate).
 */
export const MAX_REGEX_INPUT = 4096;
export const MAX_REGEX_PATTERN = 1024;

export class UnsafeRegex extends Error {
  override readonly name = "UnsafeRegex";
}

/** Translates an XML Schema regex into an anchored JavaScript regex, refusing unsafe shapes. */
export function compileXsdRegex(pattern: string): RegExp {
  if (pattern.length > MAX_REGEX_PATTERN)
    throw new UnsafeRegex(`regular expression longer than ${MAX_REGEX_PATTERN} characters`);
  let out = "";
  let inClass = false;
  // One frame per open group: does anything inside repeat without bound?
  const groups: boolean[] = [false];
  let lastAtomGroupUnbounded = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\") {
      const n = pattern[i + 1];
      if (n === undefined) throw new UnsafeRegex("regular expression ends with a backslash");
      i++;
      if (n === "i") out += inClass ? "A-Za-z_:" : "[A-Za-z_:]";
      else if (n === "c") out += inClass ? "\\-A-Za-z0-9._:" : "[\\-A-Za-z0-9._:]";
      else if (n === "I") out += "[^A-Za-z_:]";
      else if (n === "C") out += "[^\\-A-Za-z0-9._:]";
      else if (n === "-" && !inClass) out += "-";
      else if (n === "p" || n === "P") {
        const close = pattern.indexOf("}", i);
        const name = pattern.slice(i + 2, close);
        if (close < 0 || name.startsWith("Is"))
          throw new UnsafeRegex(`unsupported character property \\${n}{${name}}`);
        out += `\\${n}{${name}}`;
        i = close;
      } else out += `\\${n}`;
      lastAtomGroupUnbounded = false;
      continue;
    }
    if (inClass) {
      if (c === "[" && pattern[i - 1] === "-")
        throw new UnsafeRegex("character class subtraction is not supported");
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    switch (c) {
      case "[":
        inClass = true;
        out += c;
        if (pattern[i + 1] === "^") {
          out += "^";
          i++;
        }
        lastAtomGroupUnbounded = false;
        break;
      case "(":
        groups.push(false);
        out += "(?:";
        break;
      case ")": {
        const inner = groups.pop() ?? false;
        if (groups.length === 0) throw new UnsafeRegex("unbalanced parenthesis in regular expression");
        lastAtomGroupUnbounded = inner;
        groups[groups.length - 1] ||= inner;
        out += ")";
        break;
      }
      case "*":
      case "+":
      case "{": {
        let quantifier: string = c;
        if (c === "{") {
          const close = pattern.indexOf("}", i);
          if (close < 0) throw new UnsafeRegex("unterminated quantifier");
          quantifier = pattern.slice(i, close + 1);
          i = close;
        }
        const unbounded = quantifier === "*" || quantifier === "+" || /^\{\d+,\}$/.test(quantifier);
        if (unbounded && lastAtomGroupUnbounded)
          throw new UnsafeRegex("nested unbounded repetition (catastrophic backtracking risk)");
        if (unbounded) groups[groups.length - 1] = true;
        out += quantifier;
        lastAtomGroupUnbounded = false;
        break;
      }
      case "^":
      case "$":
        // Not anchors in XML Schema regular expressions: the whole string always has to match.
        out += `\\${c}`;
        lastAtomGroupUnbounded = false;
        break;
      default:
        out += c;
        if (c !== "?") lastAtomGroupUnbounded = false;
    }
  }
  if (groups.length !== 1) throw new UnsafeRegex("unbalanced parenthesis in regular expression");
  try {
    return new RegExp(`^(?:${out})$`, "u");
  } catch (error) {
    throw new UnsafeRegex(`invalid regular expression: ${(error as Error).message}`);
  }
}

const cache = new Map<string, RegExp>();

function runtimeRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    try {
      re = compileXsdRegex(pattern);
    } catch (error) {
      throw syntaxError((error as Error).message);
    }
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

function test(re: RegExp, input: string): boolean {
  if (input.length > MAX_REGEX_INPUT)
    throw processingError(`regular expression input longer than ${MAX_REGEX_INPUT} characters`);
  return re.test(input);
}

function regexpMatch(id: string, type: DataType): FunctionDefinition {
  const format = type.format as (v: unknown) => string;
  const def: FunctionDefinition = {
    id,
    params: [value(stringType), value(type)],
    returns: value(booleanType),
    call: (pattern: string, v: unknown) => test(runtimeRegex(pattern), format(v)),
    compile: (args, site): CompiledExpression => {
      const [patternArg, inputArg] = args as [CompiledExpression, CompiledExpression];
      const input = inputArg.evaluate;
      // A literal pattern (the usual case) is translated and checked once, at load time.
      if (patternArg.constant) {
        let re: RegExp;
        try {
          re = compileXsdRegex(patternArg.constant.value as string);
        } catch (error) {
          throw new PolicyError("REGEX_REJECTED", (error as Error).message, site, { cause: error });
        }
        return { type: value(booleanType), site, evaluate: (ctx) => test(re, format(input(ctx))) };
      }
      const pattern = patternArg.evaluate;
      return {
        type: value(booleanType),
        site,
        evaluate: (ctx) => test(runtimeRegex(pattern(ctx) as string), format(input(ctx))),
      };
    },
  };
  return def;
}

export const regexpFunctions: FunctionDefinition[] = [
  regexpMatch(`${F1}string-regexp-match`, stringType),
  regexpMatch(`${F2}anyURI-regexp-match`, anyURIType),
  regexpMatch(`${F2}ipAddress-regexp-match`, ipAddressType),
  regexpMatch(`${F2}dnsName-regexp-match`, dnsNameType),
  regexpMatch(`${F2}rfc822Name-regexp-match`, rfc822NameType),
  regexpMatch(`${F2}x500Name-regexp-match`, x500NameType),
];
