import { describe, expect, it } from "vitest";
import { createPdp } from "../src";
import {
  apply,
  denyRule,
  designator,
  indeterminatePermitRule,
  match,
  NS,
  obligation,
  permitRule,
  policy,
  policySet,
  request,
  rule,
  SUBJECT,
  str,
  target,
} from "./fixtures";

const MISSING = "urn:test:missing";
const brokenTarget = target([
  [match("string-equal", str("x"), designator(SUBJECT, MISSING, "string", true))],
]);

describe("Indeterminate propagation", () => {
  it("a rule whose target cannot be evaluated is Indeterminate of its effect", () => {
    const r = createPdp(
      policy([rule("r", "Deny", { target: brokenTarget })], { algorithm: "permit-overrides" }),
    ).decide({});
    expect(r.decision).toBe("Indeterminate");
    expect(r.extendedIndeterminate).toBe("D");
  });

  // XACML 3.0 section 7.12, Table 7: an Indeterminate policy target keeps only what the rules could decide.
  it("an Indeterminate policy target turns Permit into Indeterminate{P}", () => {
    const r = createPdp(policy([permitRule()], { target: brokenTarget })).decide({});
    expect([r.decision, r.extendedIndeterminate]).toEqual(["Indeterminate", "P"]);
    expect(r.status.code).toBe("urn:oasis:names:tc:xacml:1.0:status:missing-attribute");
  });
  it("an Indeterminate policy target turns Deny into Indeterminate{D}", () => {
    const r = createPdp(policy([denyRule()], { target: brokenTarget })).decide({});
    expect([r.decision, r.extendedIndeterminate]).toEqual(["Indeterminate", "D"]);
  });
  it("an Indeterminate policy target over NotApplicable rules stays NotApplicable", () => {
    const r = createPdp(
      policy(
        [
          rule("r", "Permit", {
            condition: apply(
              "not",
              `<AttributeValue DataType="http://www.w3.org/2001/XMLSchema#boolean">true</AttributeValue>`,
            ),
          }),
        ],
        { target: brokenTarget },
      ),
    ).decide({});
    expect(r.decision).toBe("NotApplicable");
  });
  it("an Indeterminate policy-set target propagates the same way", () => {
    const r = createPdp(policySet([policy([permitRule()], { id: "p" })], { target: brokenTarget })).decide(
      {},
    );
    expect([r.decision, r.extendedIndeterminate]).toEqual(["Indeterminate", "P"]);
  });
  it("a missing MustBePresent attribute yields missing-attribute with MissingAttributeDetail", () => {
    const xml = createPdp(policy([indeterminatePermitRule()])).evaluate(
      request({ [SUBJECT]: [["urn:test:other", "string", "v"]] }),
    );
    expect(xml).toContain("<Decision>Indeterminate</Decision>");
    expect(xml).toContain('<StatusCode Value="urn:oasis:names:tc:xacml:1.0:status:missing-attribute"/>');
    expect(xml).toContain(
      `<MissingAttributeDetail Category="${SUBJECT}" AttributeId="${MISSING}" DataType="http://www.w3.org/2001/XMLSchema#string"/>`,
    );
  });
  it("a designator without MustBePresent gives an empty bag instead", () => {
    const cond = apply(
      "integer-equal",
      `<AttributeValue DataType="http://www.w3.org/2001/XMLSchema#integer">0</AttributeValue>`,
      apply("string-bag-size", designator(SUBJECT, MISSING)),
    );
    expect(createPdp(policy([rule("r", "Permit", { condition: cond })])).decide({}).decision).toBe("Permit");
  });
  it("an obligation that cannot be evaluated makes the decision Indeterminate", () => {
    const xml = policy([
      rule("r", "Permit", {
        obligations: obligation("o", "Permit", ["v", designator(SUBJECT, MISSING, "string", true)]),
      }),
    ]);
    const r = createPdp(xml).decide({});
    expect([r.decision, r.extendedIndeterminate]).toEqual(["Indeterminate", "P"]);
  });
  it("a designator with an Issuer only sees attributes from that issuer", () => {
    const cond = apply("string-is-in", str("v"), designator(SUBJECT, "urn:test:a", "string", false, "idp"));
    const pdp = createPdp(policy([rule("r", "Permit", { condition: cond })]));
    const req = (issuer: string) =>
      `<Request xmlns="${NS}" ReturnPolicyIdList="false" CombinedDecision="false"><Attributes Category="${SUBJECT}"><Attribute AttributeId="urn:test:a" Issuer="${issuer}" IncludeInResult="false"><AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">v</AttributeValue></Attribute></Attributes></Request>`;
    expect(pdp.evaluate(req("idp"))).toContain("<Decision>Permit</Decision>");
    expect(pdp.evaluate(req("other"))).toContain("<Decision>NotApplicable</Decision>");
  });
  it("a request value that does not parse is a syntax error", () => {
    const out = createPdp(policy([permitRule()])).evaluate(
      request({ [SUBJECT]: [["urn:test:a", "integer", "twelve"]] }),
    );
    expect(out).toContain("<Decision>Indeterminate</Decision>");
    expect(out).toContain("urn:oasis:names:tc:xacml:1.0:status:syntax-error");
  });
});

describe("policy structure", () => {
  it("VariableDefinition and VariableReference share one expression", () => {
    const xml = policy([rule("r", "Permit", { condition: `<VariableReference VariableId="isAdmin"/>` })], {
      variables: `<VariableDefinition VariableId="isAdmin">${apply("string-is-in", str("admin"), designator(SUBJECT, "urn:oasis:names:tc:xacml:2.0:subject:role"))}</VariableDefinition>`,
    });
    const pdp = createPdp(xml);
    expect(pdp.decide({ subject: { role: "admin" } }).decision).toBe("Permit");
    expect(pdp.decide({ subject: { role: "dev" } }).decision).toBe("NotApplicable");
  });
  it("an undefined variable is refused at load time", () => {
    expect(() =>
      createPdp(policy([rule("r", "Permit", { condition: `<VariableReference VariableId="nope"/>` })])),
    ).toThrow(expect.objectContaining({ code: "UNDEFINED_VARIABLE" }));
  });
  it("resolves PolicyIdReference and PolicySetIdReference, preferring the newest matching version", () => {
    const root = policySet([`<PolicyIdReference Version="1.*">shared</PolicyIdReference>`], {
      id: "root",
      algorithm: "urn:oasis:names:tc:xacml:1.0:policy-combining-algorithm:first-applicable",
    });
    const v10 = policy([denyRule("old")], { id: "shared", version: "1.0" });
    const v12 = policy([permitRule("new")], { id: "shared", version: "1.2" });
    const v20 = policy([denyRule("future")], { id: "shared", version: "2.0" });
    const r = createPdp([root, v10, v12, v20]).decide({ returnPolicyIdList: true });
    expect(r.decision).toBe("Permit");
    expect(r.ruleId).toBe("new");
    expect(r.policyIdentifiers).toEqual([
      { kind: "Policy", id: "shared", version: "1.2" },
      { kind: "PolicySet", id: "root", version: "1.0" },
    ]);
  });
  it("refuses unresolved and circular references", () => {
    const dangling = policySet([`<PolicyIdReference>nowhere</PolicyIdReference>`], { id: "root" });
    expect(() => createPdp(dangling)).toThrow(
      expect.objectContaining({ code: "POLICY_REFERENCE_UNRESOLVED" }),
    );
    const a = policySet([`<PolicySetIdReference>b</PolicySetIdReference>`], { id: "a" });
    const b = policySet([`<PolicySetIdReference>a</PolicySetIdReference>`], { id: "b" });
    expect(() => createPdp([a, b])).toThrow(expect.objectContaining({ code: "POLICY_REFERENCE_CIRCULAR" }));
  });
  it("policy-level obligations and advice are added for the matching decision only", () => {
    const xml = policy([permitRule("p")], {
      obligations:
        obligation("on-permit", "Permit", [
          "who",
          apply(
            "string-one-and-only",
            designator(SUBJECT, "urn:oasis:names:tc:xacml:1.0:subject:subject-id"),
          ),
        ]) + obligation("on-deny", "Deny"),
      advice: `<AdviceExpression AdviceId="tip" AppliesTo="Permit"><AttributeAssignmentExpression AttributeId="t">${str("hello")}</AttributeAssignmentExpression></AdviceExpression>`,
    });
    const r = createPdp(xml).decide({ subject: { id: "alice" } });
    expect(r.obligations).toEqual([
      { id: "on-permit", attributes: [expect.objectContaining({ attributeId: "who", value: "alice" })] },
    ]);
    expect(r.advice.map((a) => a.id)).toEqual(["tip"]);
  });
  it("AttributeSelector reads request content", () => {
    const selector = `<AttributeSelector xmlns:md="urn:example:med" Category="urn:oasis:names:tc:xacml:3.0:attribute-category:resource" Path="md:record/md:patient[@kind='adult']/md:id/text()" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="true"/>`;
    const pdp = createPdp(
      policy([rule("r", "Permit", { condition: apply("string-is-in", str("p-7"), selector) })]),
    );
    const req = (id: string) =>
      `<Request xmlns="${NS}" ReturnPolicyIdList="false" CombinedDecision="false"><Attributes Category="urn:oasis:names:tc:xacml:3.0:attribute-category:resource"><Content><md:record xmlns:md="urn:example:med"><md:patient kind="child"><md:id>p-7</md:id></md:patient><md:patient kind="adult"><md:id>${id}</md:id></md:patient></md:record></Content></Attributes></Request>`;
    expect(pdp.evaluate(req("p-7"))).toContain("<Decision>Permit</Decision>");
    expect(pdp.evaluate(req("p-8"))).toContain("<Decision>NotApplicable</Decision>");
    const none = `<Request xmlns="${NS}" ReturnPolicyIdList="false" CombinedDecision="false"></Request>`;
    expect(pdp.evaluate(none)).toContain("missing-attribute");
  });
});
