/**
 * Decisions per second of the XACML decision point on a role-based policy set of 100 policies,
 * one core, median of several runs, through the typed `decide()` API the gateway uses.
 *
 * Peers, on the same policy set and requests:
 *  - "interpreted": walks the parsed policy tree on every request (function lookup by id and
 *    literal parsing each time), the way a straightforward non-compiling engine works;
 *  - "re-parsed": parses and compiles the policy XML for every request (no caching at all).
 *
 * Run: npx tsx bench/policy.ts
 */

import { requireDataType } from "../packages/policy/src/datatypes.ts";
import { findFunction } from "../packages/policy/src/functions/index.ts";
import { createPdp } from "../packages/policy/src/index.ts";
import { parsePolicy } from "../packages/policy/src/parser.ts";
import type {
  ExpressionNode,
  PolicyNode,
  RuleNode,
  TargetNode,
} from "../packages/policy/src/policy-model.ts";
import type { AttributeInput } from "../packages/policy/src/request.ts";
import { PlainRequest } from "../packages/policy/src/request.ts";

const NS = "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17";
const F = "urn:oasis:names:tc:xacml:1.0:function:";
const S = "http://www.w3.org/2001/XMLSchema#string";
const SUBJECT = "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject";
const RESOURCE = "urn:oasis:names:tc:xacml:3.0:attribute-category:resource";
const ACTION = "urn:oasis:names:tc:xacml:3.0:attribute-category:action";
const ROLE = "urn:oasis:names:tc:xacml:2.0:subject:role";
const POLICIES = 100;

const designator = (category: string, id: string) =>
  `<AttributeDesignator Category="${category}" AttributeId="${id}" DataType="${S}" MustBePresent="false"/>`;
const match = (literal: string, category: string, id: string) =>
  `<Match MatchId="${F}string-equal"><AttributeValue DataType="${S}">${literal}</AttributeValue>${designator(category, id)}</Match>`;

/** Policy i guards API /api/svc-i: its admins may do anything, its readers may GET, others are denied. */
function apiPolicy(i: number): string {
  return `<Policy PolicyId="api-${i}" Version="1.0" RuleCombiningAlgId="urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable">
  <Target><AnyOf><AllOf>${match(`/api/svc-${i}`, RESOURCE, "urn:oasis:names:tc:xacml:1.0:resource:resource-id")}</AllOf></AnyOf></Target>
  <Rule RuleId="api-${i}-admins" Effect="Permit"><Target><AnyOf><AllOf>${match(`svc-${i}-admin`, SUBJECT, ROLE)}</AllOf><AllOf>${match("platform-admin", SUBJECT, ROLE)}</AllOf></AnyOf></Target></Rule>
  <Rule RuleId="api-${i}-readers" Effect="Permit">
    <Target><AnyOf><AllOf>${match(`svc-${i}-reader`, SUBJECT, ROLE)}</AllOf></AnyOf></Target>
    <Condition><Apply FunctionId="${F}and">
      <Apply FunctionId="${F}string-is-in"><AttributeValue DataType="${S}">GET</AttributeValue>${designator(ACTION, "urn:oasis:names:tc:xacml:1.0:action:action-id")}</Apply>
      <Apply FunctionId="${F}not"><Apply FunctionId="${F}string-is-in"><AttributeValue DataType="${S}">suspended</AttributeValue>${designator(SUBJECT, ROLE)}</Apply></Apply>
    </Apply></Condition>
  </Rule>
  <Rule RuleId="api-${i}-default" Effect="Deny"/>
</Policy>`;
}

const POLICY_SET = `<PolicySet xmlns="${NS}" PolicySetId="gateway" Version="1.0" PolicyCombiningAlgId="urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:deny-unless-permit"><Target/>${Array.from({ length: POLICIES }, (_, i) => apiPolicy(i)).join("")}</PolicySet>`;

// Deterministic pseudo-random requests: a spread of APIs, roles and methods.
let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const REQUESTS: AttributeInput[] = Array.from({ length: 1000 }, () => {
  const api = rand(POLICIES);
  const roles = [
    `svc-${rand(POLICIES)}-${rand(2) ? "reader" : "admin"}`,
    `svc-${api}-${rand(3) ? "reader" : "admin"}`,
    "developer",
  ];
  return {
    subject: { id: `user-${rand(500)}`, role: roles },
    resource: { id: `/api/svc-${api}` },
    action: { id: rand(2) ? "GET" : "POST" },
  };
});

// ---- the interpreted peer ---------------------------------------------------------------------

type Req = PlainRequest;
const NA = "NotApplicable";

function interpretExpression(node: ExpressionNode, req: Req): unknown {
  switch (node.kind) {
    case "AttributeValue":
      return requireDataType(node.dataType).parse(node.text);
    case "AttributeDesignator":
      return (
        req.attribute(node.category, node.attributeId, requireDataType(node.dataType), node.issuer) ?? []
      );
    case "Apply": {
      const fn = findFunction(node.functionId);
      if (!fn) throw new Error(`unknown function ${node.functionId}`);
      if (node.functionId === `${F}and`) return node.args.every((a) => interpretExpression(a, req) === true);
      if (node.functionId === `${F}or`) return node.args.some((a) => interpretExpression(a, req) === true);
      return (fn.call as (...a: unknown[]) => unknown)(...node.args.map((a) => interpretExpression(a, req)));
    }
    default:
      throw new Error(`${node.kind} not interpreted`);
  }
}

function interpretTarget(target: TargetNode, req: Req): boolean {
  return target.anyOf.every((allOfs) =>
    allOfs.some((matches) =>
      matches.every((m) => {
        const fn = findFunction(m.functionId);
        if (!fn) throw new Error(`unknown function ${m.functionId}`);
        const literal = interpretExpression(m.value, req);
        const bag = interpretExpression(m.source, req) as unknown[];
        return bag.some((v) => (fn.call as (...a: unknown[]) => unknown)(literal, v) === true);
      }),
    ),
  );
}

function interpretRule(rule: RuleNode, req: Req): string {
  if (!interpretTarget(rule.target, req)) return NA;
  if (rule.condition && interpretExpression(rule.condition, req) !== true) return NA;
  return rule.effect;
}

function interpretPolicy(node: PolicyNode, req: Req): string {
  if (!interpretTarget(node.target, req)) return NA;
  if (node.kind === "Policy") {
    for (const rule of node.rules) {
      const d = interpretRule(rule, req);
      if (d !== NA) return d;
    }
    return NA;
  }
  for (const child of node.children) {
    if (child.kind !== "Policy" && child.kind !== "PolicySet") throw new Error("references not interpreted");
    if (interpretPolicy(child, req) === "Permit") return "Permit";
  }
  return "Deny";
}

// ---- measurement ------------------------------------------------------------------------------

function measure(
  name: string,
  decide: (input: AttributeInput) => string,
  runs: number,
  millis: number,
): number {
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    let n = 0;
    const start = process.hrtime.bigint();
    const stop = start + BigInt(millis) * 1_000_000n;
    let now = start;
    while (now < stop) {
      for (let i = 0; i < 100; i++) decide(REQUESTS[(n + i) % REQUESTS.length] as AttributeInput);
      n += 100;
      now = process.hrtime.bigint();
    }
    rates.push(n / (Number(now - start) / 1e9));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] as number;
  console.log(
    `${name.padEnd(34)} ${Math.round(median).toLocaleString("en-US").padStart(12)} decisions/s   (median of ${runs})`,
  );
  return median;
}

const pdp = createPdp(POLICY_SET);
const tree = parsePolicy(POLICY_SET);

// The three evaluations must agree before their speed means anything.
for (const input of REQUESTS) {
  const compiled = pdp.decide(input).decision;
  const interpreted = interpretPolicy(tree, new PlainRequest(input));
  if (compiled !== interpreted)
    throw new Error(
      `compiled says ${compiled}, interpreted says ${interpreted} for ${JSON.stringify(input)}`,
    );
}
const permits = REQUESTS.filter((r) => pdp.decide(r).decision === "Permit").length;
console.log(
  `policy set: ${POLICIES} policies, ${POLICIES * 3} rules; ${REQUESTS.length} requests (${permits} permitted); one core`,
);

const compiledRate = measure("compiled, typed decide()", (input) => pdp.decide(input).decision, 7, 1000);
const interpretedRate = measure(
  "interpreted tree (peer)",
  (input) => interpretPolicy(tree, new PlainRequest(input)),
  5,
  1000,
);
const reparsedRate = measure(
  "re-parsed every request (peer)",
  (input) => createPdp(POLICY_SET).decide(input).decision,
  3,
  1000,
);
console.log(`compiled / interpreted: ${(compiledRate / interpretedRate).toFixed(1)}x`);
console.log(`compiled / re-parsed:   ${(compiledRate / reparsedRate).toFixed(0)}x`);
console.log(`target 100,000 decisions/s: ${compiledRate >= 100_000 ? "met" : "NOT met"}`);
