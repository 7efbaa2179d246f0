import { booleanType, integerType, type XPathExpressionValue, xpathExpressionType } from "../datatypes";
import { PolicyError } from "../errors";
import {
  type CompiledExpression,
  type EvaluationContext,
  type FunctionDefinition,
  syntaxError,
  value,
} from "../expression";
import { F3 } from "../identifiers";
import { type CompiledPath, compileXPath, evaluateXPath, type XPathNode } from "../xpath";

/**
 * A.3.15 XPath-based functions (optional in XACML 3.0), over the small XPath subset of ../xpath.
 * The path is evaluated against the `<Content>` of the value's XPathCategory; no content is an
 * empty node-set.
 */
function nodes(v: XPathExpressionValue, ctx: EvaluationContext): XPathNode[] {
  let path = v.compiled as CompiledPath | undefined;
  if (!path) {
    try {
      path = compileXPath(v.path, {});
    } catch (error) {
      if (error instanceof PolicyError) throw syntaxError(error.message);
      throw error;
    }
  }
  const content = ctx.request.content(v.category);
  return content ? evaluateXPath(path, content) : [];
}

function contains(ancestor: XPathNode, node: XPathNode): boolean {
  if (ancestor === node) return true;
  if ("kind" in ancestor) return false;
  return ancestor.children.some((c) => contains(c, node));
}

const xpath = value(xpathExpressionType);

function compiled(
  type: CompiledExpression["type"],
  evaluate: CompiledExpression["evaluate"],
  site: CompiledExpression["site"],
): CompiledExpression {
  return { type, evaluate, site };
}

export const xpathFunctions: FunctionDefinition[] = [
  {
    id: `${F3}xpath-node-count`,
    params: [xpath],
    returns: value(integerType),
    call: () => {
      throw new Error("xpath-node-count needs the request and is only called compiled");
    },
    compile: ([arg], site) => {
      const a = (arg as CompiledExpression).evaluate;
      return compiled(value(integerType), (ctx) => nodes(a(ctx) as XPathExpressionValue, ctx).length, site);
    },
  },
  {
    id: `${F3}xpath-node-equal`,
    params: [xpath, xpath],
    returns: value(booleanType),
    call: () => {
      throw new Error("xpath-node-equal needs the request and is only called compiled");
    },
    compile: ([x, y], site) => {
      const a = (x as CompiledExpression).evaluate;
      const b = (y as CompiledExpression).evaluate;
      return compiled(
        value(booleanType),
        (ctx) => {
          const right = nodes(b(ctx) as XPathExpressionValue, ctx);
          return nodes(a(ctx) as XPathExpressionValue, ctx).some((n) => right.includes(n));
        },
        site,
      );
    },
  },
  {
    // True when a node of the first set is a node of the second set or lies below one.
    id: `${F3}xpath-node-match`,
    params: [xpath, xpath],
    returns: value(booleanType),
    call: () => {
      throw new Error("xpath-node-match needs the request and is only called compiled");
    },
    compile: ([x, y], site) => {
      const a = (x as CompiledExpression).evaluate;
      const b = (y as CompiledExpression).evaluate;
      return compiled(
        value(booleanType),
        (ctx) => {
          const right = nodes(b(ctx) as XPathExpressionValue, ctx);
          return nodes(a(ctx) as XPathExpressionValue, ctx).some((n) => right.some((r) => contains(r, n)));
        },
        site,
      );
    },
  },
];
