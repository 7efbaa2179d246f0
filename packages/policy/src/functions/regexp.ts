import { RE2JS } from "re2js";
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
 * They run on RE2JS, a port of RE2 whose matching time is linear in the input, so no pattern a
 * policy author writes (`(a+)+b`, `(a|a)*b`, `a*a*a*…b`) can make a decision backtrack for ever.
 * Input is still bounded to MAX_REGEX_INPUT characters (longer is Indeterminate) to cap the cost
 * of one match, and patterns to MAX_REGEX_PATTERN characters.
 */
export const MAX_REGEX_INPUT = 65_536;
export const MAX_REGEX_PATTERN = 1024;

export class InvalidRegex extends Error {
  override readonly name = "InvalidRegex";
}

/** Translates an XML Schema regex into RE2 syntax; the whole input must match, as in XSD. */
export function compileXsdRegex(pattern: string): RE2JS {
  if (pattern.length > MAX_REGEX_PATTERN)
    throw new InvalidRegex(`regular expression longer than ${MAX_REGEX_PATTERN} characters`);
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\") {
      const n = pattern[i + 1];
      if (n === undefined) throw new InvalidRegex("regular expression ends with a backslash");
      i++;
      if (n === "i") out += inClass ? "A-Za-z_:" : "[A-Za-z_:]";
      else if (n === "c") out += inClass ? "\\-A-Za-z0-9._:" : "[\\-A-Za-z0-9._:]";
      else if (n === "I") out += "[^A-Za-z_:]";
      else if (n === "C") out += "[^\\-A-Za-z0-9._:]";
      else if (n === "p" || n === "P") {
        const close = pattern.indexOf("}", i);
        const name = pattern.slice(i + 2, close);
        if (close < 0 || name.startsWith("Is"))
          throw new InvalidRegex(`unsupported character property \\${n}{${name}}`);
        out += `\\${n}{${name}}`;
        i = close;
      } else out += `\\${n}`;
      continue;
    }
    if (inClass) {
      if (c === "[" && pattern[i - 1] === "-")
        throw new InvalidRegex("character class subtraction is not supported");
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      if (pattern[i + 1] === "^") {
        out += "^";
        i++;
      }
    } else if (c === "^" || c === "$") {
      // Not anchors in XML Schema regular expressions: the whole string always has to match.
      out += `\\${c}`;
    } else if (c === "(") {
      out += "(?:";
    } else {
      out += c;
    }
  }
  try {
    return RE2JS.compile(out);
  } catch (error) {
    throw new InvalidRegex(`invalid regular expression: ${(error as Error).message}`);
  }
}

const cache = new Map<string, RE2JS>();

function runtimeRegex(pattern: string): RE2JS {
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

function test(re: RE2JS, input: string): boolean {
  if (input.length > MAX_REGEX_INPUT)
    throw processingError(`regular expression input longer than ${MAX_REGEX_INPUT} characters`);
  return re.matches(input);
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
        let re: RE2JS;
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
