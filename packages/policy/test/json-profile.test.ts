import { describe, expect, it } from "vitest";
import { createPdp } from "../src";
import {
  apply,
  designator,
  int,
  obligation,
  policy,
  RESOURCE,
  roleTarget,
  rule,
  SUBJECT,
  str,
} from "./fixtures";

const pdp = createPdp(
  policy(
    [
      rule("admins", "Permit", {
        target: roleTarget("admin"),
        obligations: obligation(
          "audit",
          "Permit",
          ["level", int(3)],
          [
            "user",
            apply(
              "string-one-and-only",
              designator(SUBJECT, "urn:oasis:names:tc:xacml:1.0:subject:subject-id"),
            ),
          ],
        ),
      }),
      rule("big", "Deny", {
        condition: apply(
          "integer-greater-than",
          apply("integer-one-and-only", designator(RESOURCE, "urn:test:size", "integer", true)),
          int(10),
        ),
      }),
    ],
    { id: "json-policy", algorithm: "deny-overrides" },
  ),
);

describe("JSON profile", () => {
  it("reads shorthand categories and infers data types from JSON values", () => {
    const out = pdp.evaluate({
      Request: {
        ReturnPolicyIdList: true,
        AccessSubject: {
          Attribute: [
            { AttributeId: "urn:oasis:names:tc:xacml:2.0:subject:role", Value: ["dev", "admin"] },
            {
              AttributeId: "urn:oasis:names:tc:xacml:1.0:subject:subject-id",
              Value: "alice",
              IncludeInResult: true,
            },
          ],
        },
        Resource: { Attribute: [{ AttributeId: "urn:test:size", Value: 4 }] },
      },
    });
    const [result] = out.Response;
    expect(result?.Decision).toBe("Permit");
    expect(result?.Status).toEqual({ StatusCode: { Value: "urn:oasis:names:tc:xacml:1.0:status:ok" } });
    expect(result?.Obligations).toEqual([
      {
        Id: "audit",
        AttributeAssignment: [
          { AttributeId: "level", Value: 3, DataType: "http://www.w3.org/2001/XMLSchema#integer" },
          { AttributeId: "user", Value: "alice", DataType: "http://www.w3.org/2001/XMLSchema#string" },
        ],
      },
    ]);
    expect(result?.Category).toEqual([
      {
        CategoryId: SUBJECT,
        Attribute: [
          {
            AttributeId: "urn:oasis:names:tc:xacml:1.0:subject:subject-id",
            Value: ["alice"],
            DataType: "http://www.w3.org/2001/XMLSchema#string",
          },
        ],
      },
    ]);
    expect(result?.PolicyIdentifierList).toEqual({
      PolicyIdReference: [{ Id: "json-policy", Version: "1.0" }],
      PolicySetIdReference: [],
    });
  });

  it("reads the Category array form with explicit short data type names", () => {
    const text = JSON.stringify({
      Request: {
        Category: [
          {
            CategoryId: SUBJECT,
            Attribute: [
              { AttributeId: "urn:oasis:names:tc:xacml:2.0:subject:role", Value: "dev", DataType: "string" },
            ],
          },
          {
            CategoryId: RESOURCE,
            Attribute: [
              {
                AttributeId: "urn:test:size",
                Value: "11",
                DataType: "http://www.w3.org/2001/XMLSchema#integer",
              },
            ],
          },
        ],
      },
    });
    const out = JSON.parse(pdp.evaluate(text));
    expect(out.Response[0].Decision).toBe("Deny");
  });

  it("reports missing attributes with MissingAttributeDetail", () => {
    const out = pdp.evaluate({
      Request: {
        AccessSubject: {
          Attribute: [{ AttributeId: "urn:oasis:names:tc:xacml:2.0:subject:role", Value: "dev" }],
        },
      },
    });
    const [result] = out.Response;
    expect(result?.Decision).toBe("Indeterminate");
    expect(result?.Status).toMatchObject({
      StatusCode: { Value: "urn:oasis:names:tc:xacml:1.0:status:missing-attribute" },
      StatusDetail: {
        MissingAttributeDetail: [
          {
            Category: RESOURCE,
            AttributeId: "urn:test:size",
            DataType: "http://www.w3.org/2001/XMLSchema#integer",
          },
        ],
      },
    });
  });

  it("treats a mixed integer/decimal array as doubles", () => {
    const doubles = createPdp(
      policy([
        rule("r", "Permit", {
          condition: apply(
            "double-is-in",
            `<AttributeValue DataType="http://www.w3.org/2001/XMLSchema#double">1.5</AttributeValue>`,
            designator(RESOURCE, "urn:test:n", "double"),
          ),
        }),
      ]),
    );
    expect(
      doubles.evaluate({
        Request: { Resource: { Attribute: [{ AttributeId: "urn:test:n", Value: [1, 1.5] }] } },
      }).Response[0]?.Decision,
    ).toBe("Permit");
  });

  it("rejects a request without the Request member", () => {
    const out = pdp.evaluate({ Nope: {} });
    expect(out.Response[0]?.Decision).toBe("Indeterminate");
    expect(out.Response[0]?.Status).toMatchObject({
      StatusCode: { Value: "urn:oasis:names:tc:xacml:1.0:status:syntax-error" },
    });
  });

  it("accepts XML Content for attribute selectors", () => {
    const selector = `<AttributeSelector Category="${RESOURCE}" Path="doc/owner/text()" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>`;
    const p = createPdp(
      policy([rule("r", "Permit", { condition: apply("string-is-in", str("alice"), selector) })]),
    );
    expect(
      p.evaluate({ Request: { Resource: { Content: "<doc><owner>alice</owner></doc>" } } }).Response[0]
        ?.Decision,
    ).toBe("Permit");
  });
});
