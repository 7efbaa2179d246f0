import {
  DENY,
  type Decision,
  type Directive,
  INDETERMINATE_D,
  INDETERMINATE_DP,
  INDETERMINATE_P,
  NOT_APPLICABLE,
  NOT_APPLICABLE_OUTCOME,
  type Outcome,
  PERMIT,
} from "./decision";
import { PolicyError } from "./errors";
import type { EvaluationContext, SourceSite, Status } from "./expression";

/** A rule, policy or policy set as a combining algorithm sees it. */
export interface Combinable {
  evaluate(context: EvaluationContext): Outcome;
  /** Target-only check, used by only-one-applicable. 0 match, 1 no match, 2 indeterminate. */
  applicable?(context: EvaluationContext): { match: 0 | 1 | 2; status?: Status };
}

/** Combines the children that may apply to this request, in document order. */
export type Combiner = (children: readonly Combinable[], context: EvaluationContext) => Outcome;

/**
 * Collects what the combined result carries: obligations and advice of every child that reached
 * the same decision (XACML 3.0 section 7.18), the first deciding rule, and the first error status.
 */
class Collector {
  readonly permits: Outcome[] = [];
  readonly denies: Outcome[] = [];
  firstError: Outcome | undefined;

  add(o: Outcome): void {
    if (o.decision === PERMIT) this.permits.push(o);
    else if (o.decision === DENY) this.denies.push(o);
    else if (o.decision !== NOT_APPLICABLE && !this.firstError) this.firstError = o;
  }

  result(decision: Decision): Outcome {
    if (decision === NOT_APPLICABLE) return NOT_APPLICABLE_OUTCOME;
    if (decision === PERMIT || decision === DENY)
      return merge(decision, (decision === PERMIT ? this.permits : this.denies) ?? []);
    const status = this.firstError?.status;
    return status ? { decision, status } : { decision };
  }
}

function merge(decision: Decision, outcomes: readonly Outcome[]): Outcome {
  const first = outcomes[0];
  if (outcomes.length === 1 && first) return first;
  const obligations: Directive[] = [];
  const advice: Directive[] = [];
  for (const o of outcomes) {
    if (o.obligations) obligations.push(...o.obligations);
    if (o.advice) advice.push(...o.advice);
  }
  return { decision, obligations, advice, ruleId: first?.ruleId, policyId: first?.policyId };
}

/** C.2 / C.3: deny-overrides and, mirrored, permit-overrides (also their ordered forms). */
function overrides(winner: typeof PERMIT | typeof DENY): Combiner {
  const loser = winner === DENY ? PERMIT : DENY;
  const errWinner = winner === DENY ? INDETERMINATE_D : INDETERMINATE_P;
  const errLoser = winner === DENY ? INDETERMINATE_P : INDETERMINATE_D;
  return (children, ctx) => {
    let collector: Collector | undefined;
    let errW = false;
    let errL = false;
    let errDP = false;
    let sawLoser = false;
    for (const child of children) {
      const o = child.evaluate(ctx);
      const d = o.decision;
      if (d === winner) return o;
      if (d === NOT_APPLICABLE) continue;
      if (!collector) collector = new Collector();
      collector.add(o);
      if (d === loser) sawLoser = true;
      else if (d === errWinner) errW = true;
      else if (d === errLoser) errL = true;
      else errDP = true;
    }
    if (!collector) return NOT_APPLICABLE_OUTCOME;
    if (errDP) return collector.result(INDETERMINATE_DP);
    if (errW && (errL || sawLoser)) return collector.result(INDETERMINATE_DP);
    if (errW) return collector.result(errWinner);
    if (sawLoser) return collector.result(loser);
    if (errL) return collector.result(errLoser);
    return NOT_APPLICABLE_OUTCOME;
  };
}

/** C.8 first-applicable: the first child that is not NotApplicable decides. */
const firstApplicable: Combiner = (children, ctx) => {
  for (const child of children) {
    const o = child.evaluate(ctx);
    if (o.decision !== NOT_APPLICABLE) return o;
  }
  return NOT_APPLICABLE_OUTCOME;
};

/** C.9 only-one-applicable (policies): exactly one child's target may apply. */
const onlyOneApplicable: Combiner = (children, ctx) => {
  let selected: Combinable | undefined;
  for (const child of children) {
    const applicability = child.applicable ? child.applicable(ctx) : { match: 0 as const };
    if (applicability.match === 2) {
      return {
        decision: INDETERMINATE_DP,
        status: applicability.status ?? { code: "urn:oasis:names:tc:xacml:1.0:status:processing-error" },
      };
    }
    if (applicability.match === 0) {
      if (selected) {
        return {
          decision: INDETERMINATE_DP,
          status: {
            code: "urn:oasis:names:tc:xacml:1.0:status:processing-error",
            message: "more than one policy is applicable under only-one-applicable",
          },
        };
      }
      selected = child;
    }
  }
  return selected ? selected.evaluate(ctx) : NOT_APPLICABLE_OUTCOME;
};

/** C.6 deny-unless-permit and C.7 permit-unless-deny: never NotApplicable, never Indeterminate. */
function unless(winner: typeof PERMIT | typeof DENY): Combiner {
  const fallback = winner === PERMIT ? DENY : PERMIT;
  return (children, ctx) => {
    const collector = new Collector();
    for (const child of children) {
      const o = child.evaluate(ctx);
      if (o.decision === winner) return o;
      collector.add(o);
    }
    return collector.result(fallback);
  };
}

/**
 * C.10–C.13 legacy (XACML 1.0/1.1) deny-overrides / permit-overrides for rules: an erroring rule
 * whose effect is the winning one makes the result Indeterminate, whatever else applies.
 */
function legacyRuleOverrides(winner: typeof PERMIT | typeof DENY): Combiner {
  const loser = winner === DENY ? PERMIT : DENY;
  const errWinner = winner === DENY ? INDETERMINATE_D : INDETERMINATE_P;
  const errLoser = winner === DENY ? INDETERMINATE_P : INDETERMINATE_D;
  return (children, ctx) => {
    const collector = new Collector();
    let potentialWinner = false;
    let sawLoser = false;
    let error = false;
    for (const child of children) {
      const o = child.evaluate(ctx);
      const d = o.decision;
      if (d === winner) return o;
      collector.add(o);
      if (d === loser) sawLoser = true;
      else if (d === errWinner || d === INDETERMINATE_DP) potentialWinner = true;
      else if (d !== NOT_APPLICABLE) error = true;
    }
    if (potentialWinner) return collector.result(INDETERMINATE_DP);
    if (sawLoser) return collector.result(loser);
    if (error) return collector.result(errLoser);
    return NOT_APPLICABLE_OUTCOME;
  };
}

/** Legacy deny-overrides for policies: an erroring policy counts as Deny. */
const legacyPolicyDenyOverrides: Combiner = (children, ctx) => {
  const collector = new Collector();
  for (const child of children) {
    const o = child.evaluate(ctx);
    if (o.decision === DENY) return o;
    if (o.decision >= INDETERMINATE_D) return { decision: DENY };
    collector.add(o);
  }
  return collector.permits.length > 0 ? collector.result(PERMIT) : NOT_APPLICABLE_OUTCOME;
};

/** Legacy permit-overrides for policies: an error only surfaces when nothing denies. */
const legacyPolicyPermitOverrides: Combiner = (children, ctx) => {
  const collector = new Collector();
  for (const child of children) {
    const o = child.evaluate(ctx);
    if (o.decision === PERMIT) return o;
    collector.add(o);
  }
  if (collector.denies.length > 0) return collector.result(DENY);
  if (collector.firstError) return collector.result(INDETERMINATE_DP);
  return NOT_APPLICABLE_OUTCOME;
};

const R3 = "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:";
const P3 = "urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:";
const R1 = "urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:";
const P1 = "urn:oasis:names:tc:xacml:1.0:policy-combining-algorithm:";
const R11 = "urn:oasis:names:tc:xacml:1.1:rule-combining-algorithm:";
const P11 = "urn:oasis:names:tc:xacml:1.1:policy-combining-algorithm:";

const RULE_ALGORITHMS = new Map<string, Combiner>([
  [`${R3}deny-overrides`, overrides(DENY)],
  [`${R3}permit-overrides`, overrides(PERMIT)],
  // We always evaluate in document order, so the ordered variants coincide with the plain ones.
  [`${R3}ordered-deny-overrides`, overrides(DENY)],
  [`${R3}ordered-permit-overrides`, overrides(PERMIT)],
  [`${R3}deny-unless-permit`, unless(PERMIT)],
  [`${R3}permit-unless-deny`, unless(DENY)],
  [`${R1}first-applicable`, firstApplicable],
  [`${R1}deny-overrides`, legacyRuleOverrides(DENY)],
  [`${R1}permit-overrides`, legacyRuleOverrides(PERMIT)],
  [`${R11}ordered-deny-overrides`, legacyRuleOverrides(DENY)],
  [`${R11}ordered-permit-overrides`, legacyRuleOverrides(PERMIT)],
]);

const POLICY_ALGORITHMS = new Map<string, Combiner>([
  [`${P3}deny-overrides`, overrides(DENY)],
  [`${P3}permit-overrides`, overrides(PERMIT)],
  [`${P3}ordered-deny-overrides`, overrides(DENY)],
  [`${P3}ordered-permit-overrides`, overrides(PERMIT)],
  [`${P3}deny-unless-permit`, unless(PERMIT)],
  [`${P3}permit-unless-deny`, unless(DENY)],
  [`${P1}first-applicable`, firstApplicable],
  [`${P1}only-one-applicable`, onlyOneApplicable],
  [`${P1}deny-overrides`, legacyPolicyDenyOverrides],
  [`${P1}permit-overrides`, legacyPolicyPermitOverrides],
  [`${P11}ordered-deny-overrides`, legacyPolicyDenyOverrides],
  [`${P11}ordered-permit-overrides`, legacyPolicyPermitOverrides],
]);

export function findRuleCombiner(id: string): Combiner | undefined {
  return RULE_ALGORITHMS.get(id);
}

export function findPolicyCombiner(id: string): Combiner | undefined {
  return POLICY_ALGORITHMS.get(id);
}

/** Resolves a combining algorithm id at load time, reporting where an unknown one was named. */
export function combiningFor(level: "rule" | "policy", id: string, site: SourceSite): Combiner {
  const found = level === "rule" ? findRuleCombiner(id) : findPolicyCombiner(id);
  if (!found)
    throw new PolicyError("UNKNOWN_COMBINING_ALGORITHM", `unknown ${level}-combining algorithm ${id}`, site);
  return found;
}
