import type { FunctionDefinition } from "../expression";
import { arithmeticFunctions } from "./arithmetic";
import { bagFunctions, setFunctions } from "./bag";
import { comparisonFunctions } from "./comparison";
import { dateTimeFunctions } from "./datetime";
import { equalityFunctions } from "./equality";
import { higherOrderFunctions } from "./higher-order";
import { logicalFunctions } from "./logical";
import { regexpFunctions } from "./regexp";
import { specialMatchFunctions } from "./special-match";
import { stringFunctions } from "./string";
import { xpathFunctions } from "./xpath";

/** The XACML 3.0 core function set, by identifier (3.0 ids plus the legacy ids still in use). */
const FUNCTIONS = new Map<string, FunctionDefinition>();
for (const family of [
  equalityFunctions,
  arithmeticFunctions,
  comparisonFunctions,
  dateTimeFunctions,
  logicalFunctions,
  stringFunctions,
  bagFunctions,
  setFunctions,
  higherOrderFunctions,
  regexpFunctions,
  specialMatchFunctions,
  xpathFunctions,
]) {
  for (const fn of family) FUNCTIONS.set(fn.id, fn);
}

export function findFunction(id: string): FunctionDefinition | undefined {
  return FUNCTIONS.get(id);
}

export function functionIds(): string[] {
  return [...FUNCTIONS.keys()];
}
