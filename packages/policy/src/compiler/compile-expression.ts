import { type DataType, InvalidValue, requireDataType, xpathExpressionType } from "../datatypes";
import { PolicyError } from "../errors";
import {
  type CompiledExpression,
  type Evaluator,
  type FunctionDefinition,
  type SourceSite,
  value,
} from "../expression";
import { findFunction } from "../functions";
import type { ExpressionNode, VariableDefinitionNode } from "../policy-model";
import { compileXPath } from "../xpath";
import { compileDesignator, compileSelector } from "./compile-attribute";
import { loadError } from "./load-error";

/** The VariableDefinitions a policy's expressions may refer to, each compiled once. */
export interface Scope {
  readonly variables: ReadonlyMap<string, VariableDefinitionNode>;
  readonly compiledVariables: Map<string, CompiledExpression>;
  readonly compiling: Set<string>;
}

export const EMPTY_SCOPE: Scope = {
  variables: new Map(),
  compiledVariables: new Map(),
  compiling: new Set(),
};

export function compileExpression(node: ExpressionNode, scope: Scope = EMPTY_SCOPE): CompiledExpression {
  switch (node.kind) {
    case "AttributeValue": {
      const type = requireDataType(node.dataType, node.site);
      const parsed =
        type === xpathExpressionType
          ? Object.freeze({
              path: node.text.trim(),
              category: node.xpathCategory ?? "",
              compiled: compileXPath(node.text.trim(), node.namespaces, node.site),
            })
          : parseLiteral(type, node.text, node.site);
      return { type: value(type), evaluate: () => parsed, constant: { value: parsed }, site: node.site };
    }
    case "AttributeDesignator":
      return compileDesignator(node);
    case "AttributeSelector":
      return compileSelector(node);
    case "VariableReference":
      return compileVariable(node.variableId, scope, node.site);
    case "Function": {
      const fn = findFunction(node.functionId);
      if (!fn) throw loadError("UNKNOWN_FUNCTION", `unknown function ${node.functionId}`, node.site);
      return { type: undefined, functionRef: fn, evaluate: () => fn, site: node.site };
    }
    case "Apply":
      return compileApply(
        node.functionId,
        node.args.map((a) => compileExpression(a, scope)),
        node.site,
      );
  }
}

function parseLiteral(type: DataType, text: string, site: SourceSite): unknown {
  try {
    return type.parse(text);
  } catch (error) {
    if (error instanceof InvalidValue)
      throw new PolicyError("INVALID_ATTRIBUTE_VALUE", error.message, site, { cause: error });
    throw error;
  }
}

export function compileVariable(id: string, scope: Scope, site: SourceSite): CompiledExpression {
  const done = scope.compiledVariables.get(id);
  if (done) return done;
  const definition = scope.variables.get(id);
  if (!definition) throw loadError("UNDEFINED_VARIABLE", `no VariableDefinition with VariableId ${id}`, site);
  if (scope.compiling.has(id))
    throw loadError("POLICY_INVALID", `VariableDefinition ${id} refers to itself`, site);
  scope.compiling.add(id);
  const compiled = compileExpression(definition.expression, scope);
  scope.compiling.delete(id);
  scope.compiledVariables.set(id, compiled);
  return compiled;
}

export function describeType(e: CompiledExpression): string {
  if (!e.type) return "a function";
  return e.type.bag ? `a bag of ${e.type.dataType.id}` : e.type.dataType.id;
}

export type Call = (...args: unknown[]) => unknown;

export function compileApply(
  functionId: string,
  args: readonly CompiledExpression[],
  site: SourceSite,
): CompiledExpression {
  const fn = findFunction(functionId);
  if (!fn) throw loadError("UNKNOWN_FUNCTION", `unknown function ${functionId}`, site);
  if (fn.customSignature && fn.compile) return fn.compile(args, site);
  checkArguments(fn, args, site);
  if (fn.compile) return fn.compile(args, site);
  const call = fn.call as Call;
  const e = args.map((a) => a.evaluate);
  let evaluate: Evaluator;
  // Fixed-arity closures keep the hot path free of argument arrays.
  if (e.length === 0) evaluate = () => call();
  else if (e.length === 1) {
    const [a] = e as [Evaluator];
    evaluate = (ctx) => call(a(ctx));
  } else if (e.length === 2) {
    const [a, b] = e as [Evaluator, Evaluator];
    evaluate = (ctx) => call(a(ctx), b(ctx));
  } else if (e.length === 3) {
    const [a, b, c] = e as [Evaluator, Evaluator, Evaluator];
    evaluate = (ctx) => call(a(ctx), b(ctx), c(ctx));
  } else evaluate = (ctx) => call(...e.map((x) => x(ctx)));
  return { type: fn.returns, evaluate, site };
}

function checkArguments(fn: FunctionDefinition, args: readonly CompiledExpression[], site: SourceSite): void {
  const fixed = fn.params.length;
  const min = fn.variadic ? Math.max(fn.variadic.minArgs, fixed) : fixed;
  if (args.length < min || (!fn.variadic && args.length > fixed)) {
    throw loadError(
      "TYPE_MISMATCH",
      `${fn.id} takes ${fn.variadic ? `at least ${min}` : fixed} arguments, got ${args.length}`,
      site,
    );
  }
  args.forEach((arg, i) => {
    const param = i < fixed ? fn.params[i] : fn.variadic?.param;
    if (!param || !arg.type || arg.type.bag !== param.bag || arg.type.dataType !== param.dataType) {
      const expected = param ? (param.bag ? `a bag of ${param.dataType.id}` : param.dataType.id) : "nothing";
      throw loadError(
        "TYPE_MISMATCH",
        `argument ${i + 1} of ${fn.id} must be ${expected}, got ${describeType(arg)}`,
        arg.site,
      );
    }
  });
}
