import { booleanType, integerType } from "../datatypes";
import {
  type CompiledExpression,
  type FunctionDefinition,
  Indeterminate,
  processingError,
  value,
} from "../expression";
import { F1 } from "../identifiers";

const bool = value(booleanType);

function compiled(
  evaluate: CompiledExpression["evaluate"],
  site: CompiledExpression["site"],
): CompiledExpression {
  return { type: bool, evaluate, site };
}

/**
 * `or` (stops on true) and `and` (stops on false): evaluate left to right and stop at the first
 * argument equal to `stopOn`; an Indeterminate argument is raised only if none did.
 */
function shortCircuit(stopOn: boolean): NonNullable<FunctionDefinition["compile"]> {
  return (args, site) => {
    const evals = args.map((a) => a.evaluate);
    return compiled((ctx) => {
      let error: Indeterminate | undefined;
      for (const e of evals) {
        try {
          if (e(ctx) === stopOn) return stopOn;
        } catch (err) {
          if (!(err instanceof Indeterminate)) throw err;
          error ??= err;
        }
      }
      if (error) throw error;
      return !stopOn;
    }, site);
  };
}

/**
 * A.3.5 Logical functions. `or`, `and` and `n-of` evaluate lazily, left to right, and stop as soon
 * as the answer is known; an Indeterminate argument only matters when the known arguments cannot
 * decide the result on their own.
 */
export const logicalFunctions: FunctionDefinition[] = [
  {
    id: `${F1}or`,
    params: [],
    variadic: { param: bool, minArgs: 0 },
    returns: bool,
    call: (...xs: boolean[]) => xs.some(Boolean),
    compile: shortCircuit(true),
  },
  {
    id: `${F1}and`,
    params: [],
    variadic: { param: bool, minArgs: 0 },
    returns: bool,
    call: (...xs: boolean[]) => xs.every(Boolean),
    compile: shortCircuit(false),
  },
  {
    id: `${F1}n-of`,
    params: [value(integerType)],
    variadic: { param: bool, minArgs: 1 },
    returns: bool,
    call: (n: number, ...xs: boolean[]) => xs.filter(Boolean).length >= n,
    compile: (args, site) => {
      const [countArg, ...rest] = args;
      const evals = rest.map((a) => a.evaluate);
      const count = (countArg as CompiledExpression).evaluate;
      return compiled((ctx) => {
        const n = count(ctx) as number;
        if (n === 0) return true;
        if (n > evals.length)
          throw processingError(`n-of needs ${n} arguments true but has only ${evals.length}`);
        let trues = 0;
        let errors = 0;
        let firstError: Indeterminate | undefined;
        for (let i = 0; i < evals.length; i++) {
          try {
            if ((evals[i] as (c: typeof ctx) => unknown)(ctx) === true && ++trues >= n) return true;
          } catch (err) {
            if (!(err instanceof Indeterminate)) throw err;
            errors++;
            firstError ??= err;
          }
          if (trues + errors + (evals.length - i - 1) < n) return false;
        }
        if (firstError && trues + errors >= n) throw firstError;
        return false;
      }, site);
    },
  },
  { id: `${F1}not`, params: [bool], returns: bool, call: (a: boolean) => !a },
];
