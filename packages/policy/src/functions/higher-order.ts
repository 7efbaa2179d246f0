import { booleanType } from "../datatypes";
import { PolicyError } from "../errors";
import {
  bagOf,
  type CompiledExpression,
  type EvaluationContext,
  type FunctionDefinition,
  type SourceSite,
  value,
} from "../expression";
import { F1, F3 } from "../identifiers";

type Call = (...args: unknown[]) => unknown;

interface Prepared {
  call: Call;
  args: Array<(ctx: EvaluationContext) => unknown>;
  bags: boolean[];
  fn: FunctionDefinition;
}

/** Checks `<Function>` plus its arguments: the function's parameters must fit the element types. */
function prepare(
  name: string,
  args: readonly CompiledExpression[],
  site: SourceSite,
  requireBoolean: boolean,
): Prepared {
  const [first, ...rest] = args;
  const fn = first?.functionRef;
  if (!fn) throw new PolicyError("TYPE_MISMATCH", `${name} expects a <Function> as its first argument`, site);
  if (fn.compile && fn.customSignature)
    throw new PolicyError("TYPE_MISMATCH", `${name} cannot apply the higher-order function ${fn.id}`, site);
  if (requireBoolean && (fn.returns.bag || fn.returns.dataType !== booleanType)) {
    throw new PolicyError("TYPE_MISMATCH", `${name} needs a boolean function, ${fn.id} is not one`, site);
  }
  if (rest.length === 0)
    throw new PolicyError("TYPE_MISMATCH", `${name} needs at least one argument after the function`, site);
  const fixed = fn.params.length;
  const arityOk = fn.variadic ? rest.length >= Math.max(fn.variadic.minArgs, fixed) : rest.length === fixed;
  if (!arityOk)
    throw new PolicyError("TYPE_MISMATCH", `${name}: ${fn.id} cannot take ${rest.length} arguments`, site);
  rest.forEach((arg, i) => {
    const param = i < fixed ? fn.params[i] : fn.variadic?.param;
    if (!arg.type || !param || param.bag || arg.type.dataType !== param.dataType) {
      throw new PolicyError(
        "TYPE_MISMATCH",
        `${name}: argument ${i + 2} does not fit parameter ${i + 1} of ${fn.id}`,
        site,
      );
    }
  });
  return {
    call: fn.call as Call,
    args: rest.map((a) => a.evaluate),
    bags: rest.map((a) => a.type?.bag === true),
    fn,
  };
}

function booleanResult(evaluate: (ctx: EvaluationContext) => boolean, site: SourceSite): CompiledExpression {
  return { type: value(booleanType), evaluate, site };
}

/** 3.0 any-of/all-of: one argument is a bag, the others single values. */
function quantifyOne(name: string, all: boolean): FunctionDefinition["compile"] {
  return (args, site) => {
    const p = prepare(name, args, site, true);
    const bagIndex = p.bags.indexOf(true);
    if (bagIndex < 0 || p.bags.lastIndexOf(true) !== bagIndex)
      throw new PolicyError("TYPE_MISMATCH", `${name} needs exactly one bag argument`, site);
    return booleanResult((ctx) => {
      const values = p.args.map((a) => a(ctx));
      const bag = values[bagIndex] as readonly unknown[];
      for (const item of bag) {
        values[bagIndex] = item;
        if ((p.call(...values) === true) !== all) return !all;
      }
      return all;
    }, site);
  };
}

/** 3.0 any-of-any: true if the function holds for any combination of the arguments' values. */
const anyOfAny: FunctionDefinition["compile"] = (args, site) => {
  const p = prepare("any-of-any", args, site, true);
  return booleanResult((ctx) => {
    const lists = p.args.map((a, i) => (p.bags[i] ? (a(ctx) as readonly unknown[]) : [a(ctx)]));
    const current: unknown[] = new Array(lists.length);
    const visit = (i: number): boolean => {
      if (i === lists.length) return p.call(...current) === true;
      for (const v of lists[i] as readonly unknown[]) {
        current[i] = v;
        if (visit(i + 1)) return true;
      }
      return false;
    };
    return visit(0);
  }, site);
};

/** 1.0 two-bag quantifiers: all-of-any, any-of-all, all-of-all. */
function twoBags(name: string, outerAll: boolean, innerAll: boolean): FunctionDefinition["compile"] {
  return (args, site) => {
    const p = prepare(name, args, site, true);
    if (p.args.length !== 2 || !p.bags[0] || !p.bags[1])
      throw new PolicyError("TYPE_MISMATCH", `${name} needs two bag arguments`, site);
    const [first, second] = p.args as [(c: EvaluationContext) => unknown, (c: EvaluationContext) => unknown];
    return booleanResult((ctx) => {
      const xs = first(ctx) as readonly unknown[];
      const ys = second(ctx) as readonly unknown[];
      const inner = (x: unknown) =>
        innerAll ? ys.every((y) => p.call(x, y) === true) : ys.some((y) => p.call(x, y) === true);
      return outerAll ? xs.every(inner) : xs.some(inner);
    }, site);
  };
}

const map: FunctionDefinition["compile"] = (args, site) => {
  const p = prepare("map", args, site, false);
  const bagIndex = p.bags.indexOf(true);
  if (bagIndex < 0 || p.bags.lastIndexOf(true) !== bagIndex)
    throw new PolicyError("TYPE_MISMATCH", "map needs exactly one bag argument", site);
  if (p.fn.returns.bag)
    throw new PolicyError("TYPE_MISMATCH", `map cannot apply ${p.fn.id}, which returns a bag`, site);
  return {
    type: bagOf(p.fn.returns.dataType),
    site,
    evaluate: (ctx) => {
      const values = p.args.map((a) => a(ctx));
      const bag = values[bagIndex] as readonly unknown[];
      return bag.map((item) => {
        values[bagIndex] = item;
        return p.call(...values);
      });
    },
  };
};

function higherOrder(id: string, compile: NonNullable<FunctionDefinition["compile"]>): FunctionDefinition {
  return {
    id,
    params: [],
    returns: value(booleanType),
    customSignature: true,
    call: () => {
      throw new Error(`${id} is only called through its compiled form`);
    },
    compile,
  };
}

/** A.3.12 Higher-order bag functions, under their 3.0 and legacy 1.0 identifiers. */
export const higherOrderFunctions: FunctionDefinition[] = [
  ...[F3, F1].flatMap((ns) => [
    higherOrder(`${ns}any-of`, quantifyOne("any-of", false) as NonNullable<FunctionDefinition["compile"]>),
    higherOrder(`${ns}all-of`, quantifyOne("all-of", true) as NonNullable<FunctionDefinition["compile"]>),
    higherOrder(`${ns}any-of-any`, anyOfAny),
    higherOrder(`${ns}map`, map),
  ]),
  higherOrder(
    `${F1}all-of-any`,
    twoBags("all-of-any", true, false) as NonNullable<FunctionDefinition["compile"]>,
  ),
  higherOrder(
    `${F1}any-of-all`,
    twoBags("any-of-all", false, true) as NonNullable<FunctionDefinition["compile"]>,
  ),
  higherOrder(
    `${F1}all-of-all`,
    twoBags("all-of-all", true, true) as NonNullable<FunctionDefinition["compile"]>,
  ),
];
