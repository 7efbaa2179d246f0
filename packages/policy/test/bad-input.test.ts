import { describe, expect, it } from "vitest";
import { createPdp, PolicyError } from "../src";
import { apply, NS, permitRule, policy, rule, str } from "./fixtures";

function loadError(xml: string, limits?: { maxLength?: number; maxDepth?: number }): PolicyError {
  try {
    createPdp(xml, limits ? { limits } : {});
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error("policy loaded");
}

describe("bad policies are refused with a stable code", () => {
  it("malformed XML, with the line", () => {
    const e = loadError(`<Policy xmlns="${NS}" PolicyId="p"\n RuleCombiningAlgId="x"><Target></Policy>`);
    expect(e.code).toBe("XML_MALFORMED");
    expect(e.location?.line).toBe(2);
  });
  it("any DOCTYPE, which closes entity expansion (billion laughs)", () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><Policy xmlns="${NS}">&lol2;</Policy>`;
    expect(loadError(lol).code).toBe("XML_DOCTYPE_FORBIDDEN");
  });
  it("any DOCTYPE, which closes external entities (XXE)", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Policy xmlns="${NS}">&xxe;</Policy>`;
    expect(loadError(xxe).code).toBe("XML_DOCTYPE_FORBIDDEN");
  });
  it("undeclared entities", () => {
    expect(loadError(`<Policy xmlns="${NS}">&boom;</Policy>`).code).toBe("XML_MALFORMED");
  });
  it("documents over the size limit, before parsing", () => {
    const huge = policy([permitRule()]).replace(
      "<Target/>",
      `<Target/><Description>${"x".repeat(5 * 1024 * 1024)}</Description>`,
    );
    const started = Date.now();
    expect(loadError(huge).code).toBe("XML_TOO_LARGE");
    expect(Date.now() - started).toBeLessThan(1000);
  });
  it("nesting deeper than the depth limit", () => {
    let expr = str("x");
    for (let i = 0; i < 200; i++) expr = apply("string-normalize-space", expr);
    const e = loadError(policy([rule("r", "Permit", { condition: apply("string-equal", expr, str("x")) })]));
    expect(e.code).toBe("XML_TOO_DEEP");
    expect(e.message).toMatch(/line/);
  });
  it("unknown functions, naming the element and line", () => {
    const e = loadError(
      policy([rule("r", "Permit", { condition: apply("urn:example:no-such-function", str("a")) })]),
    );
    expect(e.code).toBe("UNKNOWN_FUNCTION");
    expect(e.location).toEqual({ element: "Apply", line: 1 });
  });
  it("unknown data types", () => {
    expect(
      loadError(
        policy([
          rule("r", "Permit", {
            condition: apply(
              "string-equal",
              `<AttributeValue DataType="urn:example:type">a</AttributeValue>`,
              str("a"),
            ),
          }),
        ]),
      ).code,
    ).toBe("UNKNOWN_DATATYPE");
  });
  it("unknown combining algorithms", () => {
    expect(loadError(policy([permitRule()], { algorithm: "urn:example:alg" })).code).toBe(
      "UNKNOWN_COMBINING_ALGORITHM",
    );
  });
  it("type mismatches and non-boolean conditions", () => {
    expect(
      loadError(policy([rule("r", "Permit", { condition: apply("integer-equal", str("1"), str("1")) })]))
        .code,
    ).toBe("TYPE_MISMATCH");
    expect(loadError(policy([rule("r", "Permit", { condition: str("true") })])).code).toBe("TYPE_MISMATCH");
  });
  it("literals outside their data type's lexical space", () => {
    expect(
      loadError(
        policy([
          rule("r", "Permit", {
            condition: apply(
              "integer-equal",
              `<AttributeValue DataType="http://www.w3.org/2001/XMLSchema#integer">1.5</AttributeValue>`,
              `<AttributeValue DataType="http://www.w3.org/2001/XMLSchema#integer">1</AttributeValue>`,
            ),
          }),
        ]),
      ).code,
    ).toBe("INVALID_ATTRIBUTE_VALUE");
  });
  it("XACML 2.0 documents", () => {
    expect(
      loadError(
        `<Policy xmlns="urn:oasis:names:tc:xacml:2.0:policy:schema:os" PolicyId="p" RuleCombiningAlgId="x"/>`,
      ).code,
    ).toBe("POLICY_UNSUPPORTED_VERSION");
  });
  it("structural errors", () => {
    expect(
      loadError(
        `<Policy xmlns="${NS}" PolicyId="p" RuleCombiningAlgId="${"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides"}"><Rule RuleId="r" Effect="Maybe"/></Policy>`,
      ).code,
    ).toBe("POLICY_INVALID");
  });
});

describe("bad requests are answered, not thrown", () => {
  const pdp = createPdp(policy([permitRule()]));
  it("malformed XML request: Indeterminate with syntax-error", () => {
    const out = pdp.evaluate("<Request><oops></Request>");
    expect(out).toContain("<Decision>Indeterminate</Decision>");
    expect(out).toContain("urn:oasis:names:tc:xacml:1.0:status:syntax-error");
  });
  it("DOCTYPE in a request", () => {
    const out = pdp.evaluate(
      `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Request xmlns="${NS}">&x;</Request>`,
    );
    expect(out).toContain("syntax-error");
    expect(out).toContain("DOCTYPE");
  });
  it("invalid JSON", () => {
    const out = JSON.parse(pdp.evaluate("{not json"));
    expect(out.Response[0].Decision).toBe("Indeterminate");
    expect(out.Response[0].Status.StatusCode.Value).toBe("urn:oasis:names:tc:xacml:1.0:status:syntax-error");
  });
  it("a JSON array of a million values", () => {
    const text = `{"Request":{"AccessSubject":{"Attribute":[{"AttributeId":"a","Value":[${"1,".repeat(1_000_000)}1]}]}}}`;
    const out = JSON.parse(pdp.evaluate(text));
    expect(out.Response[0].Decision).toBe("Permit");
  });
  it("deeply nested JSON", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    const out = pdp.evaluate({
      Request: { AccessSubject: { Attribute: [{ AttributeId: "a", Value: deep }] } },
    });
    expect(out.Response[0]?.Decision).toBe("Indeterminate");
  });
});
