import { describe, expect, it } from "vitest";
import { createPdp } from "../src";
import {
  denyRule,
  designator,
  indeterminateDenyRule,
  indeterminatePermitRule,
  match,
  notApplicableRule,
  permitRule,
  policy,
  policySet,
  roleTarget,
  SUBJECT,
  str,
  target,
} from "./fixtures";

type Kind = "P" | "D" | "NA" | "IndP" | "IndD";
const RULES: Record<Kind, (id: string) => string> = {
  P: permitRule,
  D: denyRule,
  NA: notApplicableRule,
  IndP: indeterminatePermitRule,
  IndD: indeterminateDenyRule,
};

function outcome(xml: string): string {
  const r = createPdp(xml).decide({ subject: { id: "alice" } });
  if (r.decision === "Indeterminate") return `Ind${r.extendedIndeterminate}`;
  return r.decision === "NotApplicable" ? "NA" : r.decision === "Permit" ? "P" : "D";
}

function rulesPolicy(algorithm: string, kinds: Kind[]): string {
  return policy(
    kinds.map((k, i) => RULES[k](`r${i}-${k}`)),
    { algorithm },
  );
}

/** A policy set whose children are one-rule policies (or a DP-indeterminate policy). */
function policiesSet(algorithm: string, kinds: Array<Kind | "IndDP">): string {
  const children = kinds.map((k, i) =>
    k === "IndDP"
      ? policy([indeterminatePermitRule("a"), indeterminateDenyRule("b")], {
          id: `p${i}`,
          algorithm: "deny-overrides",
        })
      : policy([RULES[k](`r${i}`)], { id: `p${i}` }),
  );
  return policySet(children, { algorithm });
}

const R3 = "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:";
const P3 = "urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:";
const R1 = "urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:";
const P1 = "urn:oasis:names:tc:xacml:1.0:policy-combining-algorithm:";
const R11 = "urn:oasis:names:tc:xacml:1.1:rule-combining-algorithm:";
const P11 = "urn:oasis:names:tc:xacml:1.1:policy-combining-algorithm:";

// Expected values worked out by hand from the pseudo-code in XACML 3.0 Appendix C.
const denyOverrides: Array<[Kind[], string]> = [
  [["P", "D"], "D"],
  [["P", "NA"], "P"],
  [["NA"], "NA"],
  [[], "NA"],
  [["IndD", "P"], "IndDP"],
  [["IndD"], "IndD"],
  [["IndP", "NA"], "IndP"],
  [["IndP", "P"], "P"],
  [["IndD", "IndP"], "IndDP"],
  [["IndP", "D"], "D"],
  [["IndD", "D"], "D"],
];
const permitOverrides: Array<[Kind[], string]> = [
  [["D", "P"], "P"],
  [["D", "NA"], "D"],
  [["NA"], "NA"],
  [["IndP", "D"], "IndDP"],
  [["IndP"], "IndP"],
  [["IndD", "NA"], "IndD"],
  [["IndD", "D"], "D"],
  [["IndP", "IndD"], "IndDP"],
  [["IndD", "P"], "P"],
];
const denyUnlessPermit: Array<[Kind[], string]> = [
  [["D", "P"], "P"],
  [["NA"], "D"],
  [["IndP", "IndD"], "D"],
  [[], "D"],
];
const permitUnlessDeny: Array<[Kind[], string]> = [
  [["P", "D"], "D"],
  [["NA"], "P"],
  [["IndD", "IndP"], "P"],
];
const firstApplicable: Array<[Kind[], string]> = [
  [["NA", "D", "P"], "D"],
  [["NA", "P", "D"], "P"],
  [["NA", "IndP", "D"], "IndP"],
  [["NA"], "NA"],
];

describe("rule-combining algorithms", () => {
  for (const [name, table] of [
    ["deny-overrides", denyOverrides],
    ["ordered-deny-overrides", denyOverrides],
    ["permit-overrides", permitOverrides],
    ["ordered-permit-overrides", permitOverrides],
    ["deny-unless-permit", denyUnlessPermit],
    ["permit-unless-deny", permitUnlessDeny],
  ] as const) {
    for (const [kinds, expected] of table) {
      it(`${name}: [${kinds.join(", ")}] -> ${expected}`, () => {
        expect(outcome(rulesPolicy(R3 + name, kinds))).toBe(expected);
      });
    }
  }
  for (const [kinds, expected] of firstApplicable) {
    it(`first-applicable: [${kinds.join(", ")}] -> ${expected}`, () => {
      expect(outcome(rulesPolicy(`${R1}first-applicable`, kinds))).toBe(expected);
    });
  }

  // Legacy (1.0/1.1): an erroring rule with the winning effect poisons the result.
  const legacyDeny: Array<[Kind[], string]> = [
    [["IndD", "P"], "IndDP"],
    [["IndP", "P"], "P"],
    [["IndP"], "IndP"],
    [["P", "D"], "D"],
    [["NA"], "NA"],
  ];
  const legacyPermit: Array<[Kind[], string]> = [
    [["IndP", "D"], "IndDP"],
    [["IndD", "D"], "D"],
    [["IndD"], "IndD"],
    [["D", "P"], "P"],
  ];
  for (const alg of [`${R1}deny-overrides`, `${R11}ordered-deny-overrides`]) {
    for (const [kinds, expected] of legacyDeny) {
      it(`legacy ${alg.split(":").slice(-2).join(":")}: [${kinds.join(", ")}] -> ${expected}`, () => {
        expect(outcome(rulesPolicy(alg, kinds))).toBe(expected);
      });
    }
  }
  for (const alg of [`${R1}permit-overrides`, `${R11}ordered-permit-overrides`]) {
    for (const [kinds, expected] of legacyPermit) {
      it(`legacy ${alg.split(":").slice(-2).join(":")}: [${kinds.join(", ")}] -> ${expected}`, () => {
        expect(outcome(rulesPolicy(alg, kinds))).toBe(expected);
      });
    }
  }
});

describe("policy-combining algorithms", () => {
  for (const [name, table] of [
    ["deny-overrides", denyOverrides],
    ["ordered-deny-overrides", denyOverrides],
    ["permit-overrides", permitOverrides],
    ["ordered-permit-overrides", permitOverrides],
    ["deny-unless-permit", denyUnlessPermit],
    ["permit-unless-deny", permitUnlessDeny],
  ] as const) {
    for (const [kinds, expected] of table) {
      if (kinds.length === 0) continue;
      it(`${name}: [${kinds.join(", ")}] -> ${expected}`, () => {
        expect(outcome(policiesSet(P3 + name, kinds))).toBe(expected);
      });
    }
  }

  it("deny-overrides: an Indeterminate{DP} policy makes the set Indeterminate{DP} even next to a Permit", () => {
    expect(outcome(policiesSet(`${P3}deny-overrides`, ["P", "IndDP"]))).toBe("IndDP");
  });

  it("first-applicable returns the first policy that applies", () => {
    expect(outcome(policiesSet(`${P1}first-applicable`, ["NA", "P", "D"]))).toBe("P");
    expect(outcome(policiesSet(`${P1}first-applicable`, ["NA", "IndD", "P"]))).toBe("IndD");
  });

  it("legacy deny-overrides treats an erroring policy as Deny", () => {
    expect(outcome(policiesSet(`${P1}deny-overrides`, ["P", "IndP"]))).toBe("D");
    expect(outcome(policiesSet(`${P11}ordered-deny-overrides`, ["P", "NA"]))).toBe("P");
  });

  it("legacy permit-overrides reports an error only when nothing denies or permits", () => {
    expect(outcome(policiesSet(`${P1}permit-overrides`, ["IndD", "D"]))).toBe("D");
    expect(outcome(policiesSet(`${P1}permit-overrides`, ["IndD", "NA"]))).toBe("IndDP");
    expect(outcome(policiesSet(`${P11}ordered-permit-overrides`, ["D", "P"]))).toBe("P");
  });

  describe("only-one-applicable", () => {
    const scoped = (role: string, kind: Kind, id: string) =>
      policy([RULES[kind]("r")], { id, target: roleTarget(role) });
    const set = (...children: string[]) => policySet(children, { algorithm: `${P1}only-one-applicable` });
    const decideAs = (xml: string, roles: string[]) => createPdp(xml).decide({ subject: { role: roles } });

    it("uses the one policy whose target applies", () => {
      const xml = set(scoped("admin", "P", "a"), scoped("guest", "D", "b"));
      expect(decideAs(xml, ["guest"]).decision).toBe("Deny");
      expect(decideAs(xml, ["admin"]).decision).toBe("Permit");
    });
    it("is NotApplicable when no target applies", () => {
      expect(decideAs(set(scoped("admin", "P", "a")), ["nobody"]).decision).toBe("NotApplicable");
    });
    it("is Indeterminate when two targets apply", () => {
      const r = decideAs(set(scoped("admin", "P", "a"), scoped("guest", "P", "b")), ["admin", "guest"]);
      expect(r.decision).toBe("Indeterminate");
      expect(r.status.code).toBe("urn:oasis:names:tc:xacml:1.0:status:processing-error");
    });
    it("is Indeterminate when a target cannot be evaluated", () => {
      const broken = policy([permitRule()], {
        id: "broken",
        target: target([
          [match("string-equal", str("x"), designator(SUBJECT, "urn:test:missing", "string", true))],
        ]),
      });
      const r = decideAs(set(broken, scoped("admin", "D", "b")), ["admin"]);
      expect(r.decision).toBe("Indeterminate");
      expect(r.status.code).toBe("urn:oasis:names:tc:xacml:1.0:status:missing-attribute");
    });
  });
});

describe("obligations across combining", () => {
  it("permit-overrides stops at the first Permit, so only that rule's obligations come back", () => {
    const xml = policy(
      [
        `<Rule RuleId="a" Effect="Permit"><ObligationExpressions><ObligationExpression ObligationId="o-a" FulfillOn="Permit"/></ObligationExpressions></Rule>`,
        `<Rule RuleId="b" Effect="Permit"><ObligationExpressions><ObligationExpression ObligationId="o-b" FulfillOn="Permit"/></ObligationExpressions></Rule>`,
      ],
      { algorithm: "permit-overrides" },
    );
    const r = createPdp(xml).decide({});
    expect(r.obligations.map((o) => o.id)).toEqual(["o-a"]);
    expect(r.ruleId).toBe("a");
  });
  it("deny-overrides returning Permit carries the obligations of all permitting rules", () => {
    const xml = policy(
      [
        `<Rule RuleId="a" Effect="Permit"><ObligationExpressions><ObligationExpression ObligationId="o-a" FulfillOn="Permit"/></ObligationExpressions></Rule>`,
        `<Rule RuleId="b" Effect="Permit"><ObligationExpressions><ObligationExpression ObligationId="o-b" FulfillOn="Permit"/></ObligationExpressions></Rule>`,
      ],
      { algorithm: "deny-overrides" },
    );
    const r = createPdp(xml).decide({});
    expect(r.obligations.map((o) => o.id)).toEqual(["o-a", "o-b"]);
  });
});

describe("target indexing in large policy sets", () => {
  // Ten policies keyed on resource-id (indexed) and one keyed on role (always evaluated), in
  // first-applicable order: skipping non-matching children must not change which one decides.
  const RESOURCE_ID = "urn:oasis:names:tc:xacml:1.0:resource:resource-id";
  const RES = "urn:oasis:names:tc:xacml:3.0:attribute-category:resource";
  const byResource = (i: number) =>
    policy([permitRule(`r${i}`)], {
      id: `p${i}`,
      target: target([[match("string-equal", str(`/r${i}`), designator(RES, RESOURCE_ID))]]),
    });
  const children = Array.from({ length: 10 }, (_, i) => byResource(i));
  children.splice(2, 0, policy([denyRule("blocked")], { id: "role", target: roleTarget("blocked") }));
  const pdp = createPdp(policySet(children, { algorithm: `${P1}first-applicable` }));

  it("keeps document order between indexed and non-indexed children", () => {
    expect(pdp.decide({ resource: { id: "/r3" }, subject: { role: "blocked" } }).ruleId).toBe("blocked");
    expect(pdp.decide({ resource: { id: "/r1" }, subject: { role: "blocked" } }).ruleId).toBe("r1");
    expect(pdp.decide({ resource: { id: "/r3" }, subject: { role: "other" } }).ruleId).toBe("r3");
  });
  it("uses every value of a multi-valued attribute, still in document order", () => {
    expect(pdp.decide({ resource: { id: ["/r5", "/r4"] } }).ruleId).toBe("r4");
  });
  it("is NotApplicable when nothing matches", () => {
    expect(pdp.decide({ resource: { id: "/nowhere" } }).decision).toBe("NotApplicable");
  });
});
