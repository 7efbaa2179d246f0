import { type Combinable, combiningFor } from "./combining";
import {
  booleanType,
  type DataType,
  dateTimeType,
  dateType,
  InvalidValue,
  makeDate,
  makeDateTime,
  makeTime,
  requireDataType,
  stringType,
  timeType,
  xpathExpressionType,
} from "./datatypes";
import {
  type AttributeAssignment,
  DENY,
  type Decision,
  type Directive,
  INDETERMINATE_D,
  INDETERMINATE_P,
  NOT_APPLICABLE,
  NOT_APPLICABLE_OUTCOME,
  type Outcome,
  PERMIT,
} from "./decision";
import { PolicyError } from "./errors";
import {
  bagOf,
  type CompiledExpression,
  type EvaluationContext,
  type Evaluator,
  type FunctionDefinition,
  Indeterminate,
  type SourceSite,
  type Status,
  value,
} from "./expression";
import { findFunction } from "./functions";
import {
  CATEGORY_ENVIRONMENT,
  CURRENT_DATE,
  CURRENT_DATETIME,
  CURRENT_TIME,
  F1,
  STATUS_MISSING_ATTRIBUTE,
  STATUS_PROCESSING_ERROR,
  STATUS_SYNTAX_ERROR,
} from "./identifiers";
import type {
  AttributeDesignatorNode,
  AttributeSelectorNode,
  DirectiveExpressionNode,
  ExpressionNode,
  MatchNode,
  PolicyElementNode,
  PolicyNode,
  PolicySetNode,
  ReferenceNode,
  RuleNode,
  TargetNode,
  VariableDefinitionNode,
} from "./policy-model";
import { compileXPath, evaluateXPath, stringValue } from "./xpath";

/**
 * Turns parsed policies into closures once, at load time: function lookups, data-type parsing of
 * literals, type checking, reference resolution and regex compilation all happen here, so a
 * decision only runs the closures.
 */
export interface CompiledPolicy extends Combinable {
  readonly kind: "Policy" | "PolicySet";
  readonly id: string;
  readonly version: string;
  /** Set when the target is "attribute X equals one of these strings", so parents can index it. */
  readonly targetIndex: TargetIndexKey | undefined;
}

/**
 * A target of the form AnyOf(AllOf(string-equal(literal, designator)) …) over one attribute that
 * cannot be Indeterminate (MustBePresent="false"). Such a policy is NotApplicable unless the
 * request carries one of `values`, and a NotApplicable child changes no combining algorithm's
 * result, so a policy set may skip it without evaluating it.
 */
export interface TargetIndexKey {
  readonly category: string;
  readonly attributeId: string;
  readonly issuer: string | undefined;
  readonly values: readonly string[];
}

/** Finds a referenced policy; returns undefined when nothing matches the reference. */
export type ReferenceResolver = (reference: ReferenceNode) => CompiledPolicy | undefined;

const MATCH = 0;
const NO_MATCH = 1;
const MATCH_INDETERMINATE = 2;
type MatchResult = 0 | 1 | 2;

const EMPTY_BAG: readonly unknown[] = Object.freeze([]);

function loadError(
  code: ConstructorParameters<typeof PolicyError>[0],
  message: string,
  site: SourceSite,
): PolicyError {
  return new PolicyError(code, message, site);
}

function statusOf(error: unknown): Status {
  if (error instanceof Indeterminate) return error.status;
  throw error;
}

// ---- expressions ----------------------------------------------------------------------------

interface Scope {
  readonly variables: ReadonlyMap<string, VariableDefinitionNode>;
  readonly compiledVariables: Map<string, CompiledExpression>;
  readonly compiling: Set<string>;
}

const EMPTY_SCOPE: Scope = { variables: new Map(), compiledVariables: new Map(), compiling: new Set() };

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

function compileVariable(id: string, scope: Scope, site: SourceSite): CompiledExpression {
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

function describeType(e: CompiledExpression): string {
  if (!e.type) return "a function";
  return e.type.bag ? `a bag of ${e.type.dataType.id}` : e.type.dataType.id;
}

type Call = (...args: unknown[]) => unknown;

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

/** Values the context handler supplies when the request leaves them out (section 10.2.5). */
function environmentDefault(attributeId: string, type: DataType, now: Date): readonly unknown[] | undefined {
  if (attributeId === CURRENT_DATETIME && type === dateTimeType) {
    return [
      makeDateTime(
        now.getUTCFullYear(),
        now.getUTCMonth() + 1,
        now.getUTCDate(),
        now.getUTCHours(),
        now.getUTCMinutes(),
        now.getUTCSeconds(),
        now.getUTCMilliseconds() ? String(now.getUTCMilliseconds()).padStart(3, "0") : "",
        0,
      ),
    ];
  }
  if (attributeId === CURRENT_DATE && type === dateType)
    return [makeDate(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate(), 0)];
  if (attributeId === CURRENT_TIME && type === timeType) {
    return [
      makeTime(
        now.getUTCHours(),
        now.getUTCMinutes(),
        now.getUTCSeconds(),
        now.getUTCMilliseconds() ? String(now.getUTCMilliseconds()).padStart(3, "0") : "",
        0,
      ),
    ];
  }
  return undefined;
}

function compileDesignator(node: AttributeDesignatorNode): CompiledExpression {
  const type = requireDataType(node.dataType, node.site);
  const { category, attributeId, issuer, mustBePresent } = node;
  const suppliesDefault =
    category === CATEGORY_ENVIRONMENT &&
    (attributeId === CURRENT_DATETIME || attributeId === CURRENT_DATE || attributeId === CURRENT_TIME);
  const missing: Status = {
    code: STATUS_MISSING_ATTRIBUTE,
    message: `missing attribute ${attributeId} (${category})`,
    missingAttributes: [
      { category, attributeId, dataType: type.id, ...(issuer !== undefined ? { issuer } : {}) },
    ],
  };
  return {
    type: bagOf(type),
    site: node.site,
    evaluate: (ctx) => {
      const bag = ctx.request.attribute(category, attributeId, type, issuer);
      if (bag !== undefined && bag.length > 0) return bag;
      if (suppliesDefault) {
        const supplied = environmentDefault(attributeId, type, ctx.now);
        if (supplied) return supplied;
      }
      if (mustBePresent) throw new Indeterminate(missing);
      return EMPTY_BAG;
    },
  };
}

function compileSelector(node: AttributeSelectorNode): CompiledExpression {
  const type = requireDataType(node.dataType, node.site);
  if (node.contextSelectorId !== undefined) {
    throw loadError(
      "XPATH_UNSUPPORTED",
      "AttributeSelector with ContextSelectorId is not supported",
      node.site,
    );
  }
  const path = compileXPath(node.path, node.namespaces, node.site);
  const { category, mustBePresent } = node;
  const missing: Status = {
    code: STATUS_MISSING_ATTRIBUTE,
    message: `no value at ${node.path} in the ${category} content`,
    missingAttributes: [{ category, attributeId: node.path, dataType: type.id }],
  };
  return {
    type: bagOf(type),
    site: node.site,
    evaluate: (ctx) => {
      const content = ctx.request.content(category);
      const nodes = content ? evaluateXPath(path, content) : [];
      if (nodes.length === 0) {
        if (mustBePresent) throw new Indeterminate(missing);
        return EMPTY_BAG;
      }
      return nodes.map((n) => {
        try {
          return type.parse(stringValue(n));
        } catch (error) {
          if (error instanceof InvalidValue)
            throw new Indeterminate({ code: STATUS_SYNTAX_ERROR, message: error.message });
          throw error;
        }
      });
    },
  };
}

// ---- targets --------------------------------------------------------------------------------

type TargetEvaluator = (ctx: EvaluationContext) => MatchResult;

function compileMatch(node: MatchNode): TargetEvaluator {
  const fn = findFunction(node.functionId);
  if (!fn) throw loadError("UNKNOWN_FUNCTION", `unknown match function ${node.functionId}`, node.site);
  const literal = compileExpression(node.value);
  const source =
    node.source.kind === "AttributeDesignator"
      ? compileDesignator(node.source)
      : compileSelector(node.source);
  const [p0, p1] = fn.params;
  if (
    fn.customSignature ||
    fn.variadic ||
    fn.params.length !== 2 ||
    !p0 ||
    !p1 ||
    p0.bag ||
    p1.bag ||
    fn.returns.bag ||
    fn.returns.dataType !== booleanType
  ) {
    throw loadError(
      "TYPE_MISMATCH",
      `${fn.id} cannot be used in <Match>: it must compare two single values and return a boolean`,
      node.site,
    );
  }
  if (literal.type?.dataType !== p0.dataType || source.type?.dataType !== p1.dataType) {
    throw loadError(
      "TYPE_MISMATCH",
      `${fn.id} compares ${p0.dataType.id} with ${p1.dataType.id}, but the <Match> supplies ${literal.type?.dataType.id} and ${source.type?.dataType.id}`,
      node.site,
    );
  }
  const call = fn.call as Call;
  const v = literal.constant?.value;
  const bagOfSource = source.evaluate;
  return (ctx) => {
    let bag: readonly unknown[];
    try {
      bag = bagOfSource(ctx) as readonly unknown[];
    } catch (error) {
      ctx.targetError = statusOf(error);
      return MATCH_INDETERMINATE;
    }
    let error: Status | undefined;
    for (let i = 0; i < bag.length; i++) {
      try {
        if (call(v, bag[i]) === true) return MATCH;
      } catch (e) {
        error ??= statusOf(e);
      }
    }
    if (error) {
      ctx.targetError = error;
      return MATCH_INDETERMINATE;
    }
    return NO_MATCH;
  };
}

/** AllOf is a conjunction, AnyOf a disjunction, Target a conjunction of AnyOf (section 7.7). */
function compileTarget(target: TargetNode): TargetEvaluator | undefined {
  if (target.anyOf.length === 0) return undefined;
  const anyOfs = target.anyOf.map((allOfs) =>
    allOfs.map((matches) => {
      const ms = matches.map(compileMatch);
      if (ms.length === 1) return ms[0] as TargetEvaluator;
      return (ctx: EvaluationContext): MatchResult => {
        let indeterminate = false;
        for (const m of ms) {
          const r = m(ctx);
          if (r === NO_MATCH) return NO_MATCH;
          if (r === MATCH_INDETERMINATE) indeterminate = true;
        }
        return indeterminate ? MATCH_INDETERMINATE : MATCH;
      };
    }),
  );
  const anyOfEvaluators = anyOfs.map((allOfs): TargetEvaluator => {
    if (allOfs.length === 1) return allOfs[0] as TargetEvaluator;
    return (ctx) => {
      let indeterminate = false;
      for (const a of allOfs) {
        const r = a(ctx);
        if (r === MATCH) return MATCH;
        if (r === MATCH_INDETERMINATE) indeterminate = true;
      }
      return indeterminate ? MATCH_INDETERMINATE : NO_MATCH;
    };
  });
  if (anyOfEvaluators.length === 1) return anyOfEvaluators[0];
  return (ctx) => {
    let indeterminate = false;
    for (const a of anyOfEvaluators) {
      const r = a(ctx);
      if (r === NO_MATCH) return NO_MATCH;
      if (r === MATCH_INDETERMINATE) indeterminate = true;
    }
    return indeterminate ? MATCH_INDETERMINATE : MATCH;
  };
}

// ---- obligations and advice -----------------------------------------------------------------

type DirectiveEvaluator = (ctx: EvaluationContext) => Directive;

function compileDirectives(
  nodes: readonly DirectiveExpressionNode[],
  effect: "Permit" | "Deny",
  scope: Scope,
): DirectiveEvaluator[] {
  return nodes
    .filter((n) => n.effect === effect)
    .map((n) => {
      const assignments = n.assignments.map((a) => {
        const expr = compileExpression(a.expression, scope);
        if (!expr.type)
          throw loadError("TYPE_MISMATCH", "an attribute assignment cannot be a function", a.site);
        return {
          attributeId: a.attributeId,
          category: a.category,
          issuer: a.issuer,
          dataType: expr.type.dataType,
          bag: expr.type.bag,
          evaluate: expr.evaluate,
        };
      });
      return (ctx: EvaluationContext): Directive => {
        const out: AttributeAssignment[] = [];
        for (const a of assignments) {
          const v = a.evaluate(ctx);
          // A bag yields one assignment per value (section 5.41).
          if (a.bag)
            for (const item of v as readonly unknown[])
              out.push({
                attributeId: a.attributeId,
                category: a.category,
                issuer: a.issuer,
                dataType: a.dataType,
                value: item,
              });
          else
            out.push({
              attributeId: a.attributeId,
              category: a.category,
              issuer: a.issuer,
              dataType: a.dataType,
              value: v,
            });
        }
        return { id: n.id, assignments: out };
      };
    });
}

interface DirectiveSet {
  permitObligations: DirectiveEvaluator[];
  permitAdvice: DirectiveEvaluator[];
  denyObligations: DirectiveEvaluator[];
  denyAdvice: DirectiveEvaluator[];
}

function compileDirectiveSet(
  obligations: readonly DirectiveExpressionNode[],
  advice: readonly DirectiveExpressionNode[],
  scope: Scope,
): DirectiveSet {
  return {
    permitObligations: compileDirectives(obligations, "Permit", scope),
    permitAdvice: compileDirectives(advice, "Permit", scope),
    denyObligations: compileDirectives(obligations, "Deny", scope),
    denyAdvice: compileDirectives(advice, "Deny", scope),
  };
}

/**
 * Adds this level's obligations and advice to a Permit or Deny. An error while evaluating them
 * turns the decision into the matching Indeterminate (section 7.18).
 */
function withDirectives(outcome: Outcome, set: DirectiveSet, ctx: EvaluationContext): Outcome {
  const d = outcome.decision;
  if (d !== PERMIT && d !== DENY) return outcome;
  const obligations = d === PERMIT ? set.permitObligations : set.denyObligations;
  const advice = d === PERMIT ? set.permitAdvice : set.denyAdvice;
  if (obligations.length === 0 && advice.length === 0) return outcome;
  try {
    return {
      ...outcome,
      obligations: [...(outcome.obligations ?? []), ...obligations.map((o) => o(ctx))],
      advice: [...(outcome.advice ?? []), ...advice.map((a) => a(ctx))],
    };
  } catch (error) {
    return { decision: d === PERMIT ? INDETERMINATE_P : INDETERMINATE_D, status: statusOf(error) };
  }
}

// ---- rules, policies, policy sets -----------------------------------------------------------

function compileRule(node: RuleNode, policyId: string, scope: Scope): Combinable {
  const target = compileTarget(node.target);
  let condition: Evaluator | undefined;
  if (node.condition) {
    const c = compileExpression(node.condition, scope);
    if (!c.type || c.type.bag || c.type.dataType !== booleanType) {
      throw loadError(
        "TYPE_MISMATCH",
        `a <Condition> must be a boolean expression, got ${describeType(c)}`,
        c.site,
      );
    }
    condition = c.evaluate;
  }
  const decision: Decision = node.effect === "Permit" ? PERMIT : DENY;
  const indeterminate: Decision = node.effect === "Permit" ? INDETERMINATE_P : INDETERMINATE_D;
  const directives = compileDirectiveSet(node.obligations, node.advice, scope);
  const hasDirectives = node.obligations.length > 0 || node.advice.length > 0;
  // The common case, a rule without obligations, returns one preallocated outcome.
  const plain: Outcome = Object.freeze({ decision, ruleId: node.id, policyId });
  const ruleId = node.id;
  return {
    evaluate(ctx) {
      if (target) {
        const t = target(ctx);
        if (t === NO_MATCH) return NOT_APPLICABLE_OUTCOME;
        if (t === MATCH_INDETERMINATE)
          return {
            decision: indeterminate,
            status: ctx.targetError ?? { code: STATUS_PROCESSING_ERROR },
            ruleId,
            policyId,
          };
      }
      if (condition) {
        try {
          if (condition(ctx) !== true) return NOT_APPLICABLE_OUTCOME;
        } catch (error) {
          return { decision: indeterminate, status: statusOf(error), ruleId, policyId };
        }
      }
      return hasDirectives ? withDirectives(plain, directives, ctx) : plain;
    },
  };
}

/** Table 7 of section 7.14: an Indeterminate target keeps only what the children could have decided. */
function indeterminateTarget(combined: Outcome, status: Status): Outcome {
  switch (combined.decision) {
    case NOT_APPLICABLE:
      return NOT_APPLICABLE_OUTCOME;
    case PERMIT:
      return { decision: INDETERMINATE_P, status };
    case DENY:
      return { decision: INDETERMINATE_D, status };
    default:
      return { decision: combined.decision, status: combined.status ?? status };
  }
}

function policyLevel(
  kind: "Policy" | "PolicySet",
  id: string,
  version: string,
  target: TargetEvaluator | undefined,
  combine: (ctx: EvaluationContext) => Outcome,
  directives: DirectiveSet,
  targetIndex: TargetIndexKey | undefined,
): CompiledPolicy {
  const identifier = { kind, id, version };
  const applicable = (ctx: EvaluationContext) => {
    if (!target) return { match: MATCH as MatchResult };
    const m = target(ctx);
    return m === MATCH_INDETERMINATE
      ? { match: m, status: ctx.targetError ?? { code: STATUS_PROCESSING_ERROR } }
      : { match: m };
  };
  return {
    kind,
    id,
    version,
    targetIndex,
    applicable,
    evaluate(ctx) {
      let targetStatus: Status | undefined;
      if (target) {
        const m = target(ctx);
        if (m === NO_MATCH) return NOT_APPLICABLE_OUTCOME;
        if (m === MATCH_INDETERMINATE) targetStatus = ctx.targetError ?? { code: STATUS_PROCESSING_ERROR };
      }
      let outcome = combine(ctx);
      if (targetStatus) outcome = indeterminateTarget(outcome, targetStatus);
      else outcome = withDirectives(outcome, directives, ctx);
      if (ctx.policyIds && outcome.decision !== NOT_APPLICABLE) ctx.policyIds.push(identifier);
      return outcome;
    },
  };
}

function indexKeyOf(target: TargetNode): TargetIndexKey | undefined {
  const [only, ...more] = target.anyOf;
  if (!only || more.length > 0) return undefined;
  let key: Omit<TargetIndexKey, "values"> | undefined;
  const values: string[] = [];
  for (const allOf of only) {
    const [m, ...others] = allOf;
    if (!m || others.length > 0 || m.functionId !== `${F1}string-equal`) return undefined;
    const s = m.source;
    if (
      s.kind !== "AttributeDesignator" ||
      s.mustBePresent ||
      s.dataType !== stringType.id ||
      m.value.dataType !== stringType.id
    )
      return undefined;
    // The environment clock attributes get defaults, so the request alone does not decide them.
    if (s.category === CATEGORY_ENVIRONMENT) return undefined;
    if (key && (key.category !== s.category || key.attributeId !== s.attributeId || key.issuer !== s.issuer))
      return undefined;
    key ??= { category: s.category, attributeId: s.attributeId, issuer: s.issuer };
    values.push(m.value.text);
  }
  return key ? { ...key, values } : undefined;
}

/** Fewer children than this are cheaper to test one by one than to index. */
const INDEX_THRESHOLD = 8;

/**
 * Builds a per-request selector of the children that can apply, when enough children share an
 * indexable target attribute; the others are always kept. Document order is preserved.
 */
function childSelector(
  children: readonly CompiledPolicy[],
): ((ctx: EvaluationContext) => CompiledPolicy[]) | undefined {
  const groups = new Map<string, number>();
  const keyOf = (k: TargetIndexKey) => `${k.category}\n${k.attributeId}\n${k.issuer ?? ""}`;
  for (const c of children)
    if (c.targetIndex) groups.set(keyOf(c.targetIndex), (groups.get(keyOf(c.targetIndex)) ?? 0) + 1);
  let best: string | undefined;
  for (const [k, n] of groups) if (n >= INDEX_THRESHOLD && (!best || n > (groups.get(best) ?? 0))) best = k;
  if (!best) return undefined;
  const byValue = new Map<string, number[]>();
  const always: number[] = [];
  let attribute: TargetIndexKey | undefined;
  children.forEach((c, i) => {
    if (c.targetIndex && keyOf(c.targetIndex) === best) {
      attribute = c.targetIndex;
      for (const v of c.targetIndex.values) {
        const list = byValue.get(v);
        if (list) {
          if (list[list.length - 1] !== i) list.push(i);
        } else byValue.set(v, [i]);
      }
    } else always.push(i);
  });
  if (!attribute) return undefined;
  const { category, attributeId, issuer } = attribute;
  return (ctx) => {
    const bag = ctx.request.attribute(category, attributeId, stringType, issuer);
    let picked: number[] | undefined;
    if (bag) {
      for (const v of bag) {
        const hits = byValue.get(v as string);
        if (hits) picked = picked ? picked.concat(hits) : hits;
      }
    }
    if (always.length > 0) picked = picked ? picked.concat(always) : always;
    if (!picked) return [];
    if (picked.length > 1) picked = [...new Set(picked)].sort((a, b) => a - b);
    return picked.map((i) => children[i] as CompiledPolicy);
  };
}

function isReference(node: PolicyNode | ReferenceNode): node is ReferenceNode {
  return node.kind === "PolicyIdReference" || node.kind === "PolicySetIdReference";
}

export function compilePolicy(node: PolicyNode, resolve: ReferenceResolver): CompiledPolicy {
  return node.kind === "Policy" ? compilePolicyElement(node) : compilePolicySet(node, resolve);
}

function compilePolicyElement(node: PolicyElementNode): CompiledPolicy {
  const combiner = combiningFor("rule", node.combiningAlgorithm, node.site);
  const variables = new Map<string, VariableDefinitionNode>();
  for (const v of node.variables) {
    if (variables.has(v.id)) throw loadError("POLICY_INVALID", `VariableId ${v.id} is defined twice`, v.site);
    variables.set(v.id, v);
  }
  const scope: Scope = { variables, compiledVariables: new Map(), compiling: new Set() };
  // Compile every definition, used or not, so a broken one is reported at load time.
  for (const v of node.variables) compileVariable(v.id, scope, v.site);
  const rules = node.rules.map((r) => compileRule(r, node.id, scope));
  const target = compileTarget(node.target);
  return policyLevel(
    "Policy",
    node.id,
    node.version,
    target,
    (ctx) => combiner(rules, ctx),
    compileDirectiveSet(node.obligations, node.advice, scope),
    indexKeyOf(node.target),
  );
}

function compilePolicySet(node: PolicySetNode, resolve: ReferenceResolver): CompiledPolicy {
  const combiner = combiningFor("policy", node.combiningAlgorithm, node.site);
  const children = node.children.map((child) => {
    if (isReference(child)) {
      const resolved = resolve(child);
      if (!resolved)
        throw loadError(
          "POLICY_REFERENCE_UNRESOLVED",
          `no ${child.kind === "PolicyIdReference" ? "Policy" : "PolicySet"} ${child.id} matches this reference`,
          child.site,
        );
      return resolved;
    }
    return compilePolicy(child, resolve);
  });
  const target = compileTarget(node.target);
  const select = childSelector(children);
  return policyLevel(
    "PolicySet",
    node.id,
    node.version,
    target,
    select ? (ctx) => combiner(select(ctx), ctx) : (ctx) => combiner(children, ctx),
    compileDirectiveSet(node.obligations, node.advice, EMPTY_SCOPE),
    indexKeyOf(node.target),
  );
}
